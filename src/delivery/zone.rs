//! Destination zones: which transit time applies to a shopper's address.

use super::date::{Date, WeekdaySet};

/// A set of destinations; empty lists mean "any", so a zone with only `countries`
/// covers whole countries and an all-empty zone is a catch-all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zone {
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// ISO 3166-2 codes (e.g. `GB-SCT`).
    pub regions: Vec<String>,
    /// Postcode prefixes, compared after removing spaces and upper-casing.
    pub postcode_prefixes: Vec<String>,
    /// Inclusive postcode ranges, compared on the first `len(bound)` characters.
    pub postcode_ranges: Vec<(String, String)>,
}

/// A zone's own non-delivery days, for destinations whose calendar the address does not
/// tell (a zone of postcodes in one province) or where the carrier publishes changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZoneHolidays {
    /// The region (or country) whose calendar applies instead of the destination's own.
    pub region: Option<String>,
    /// Extra non-delivery days, sorted.
    pub add: Vec<Date>,
    /// Days delivered on after all, sorted.
    pub remove: Vec<Date>,
}

/// Transit times of one method for one zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneRate {
    /// Where these times apply.
    pub zone: Zone,
    /// Fewest carrier days in transit.
    pub transit_min: u16,
    /// Most carrier days in transit.
    pub transit_max: u16,
    /// Calendar corrections for this zone, if any.
    pub holidays: Option<ZoneHolidays>,
}

/// A shipping method (carrier + service) with per-zone transit times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Method {
    /// Display/lookup name, e.g. `"DHL Paket"`.
    pub name: String,
    /// Weekdays the carrier delivers on.
    pub delivery_days: WeekdaySet,
    /// Identifier of the carrier's calendar (`"usps"`), or empty: the destination's public
    /// holidays.
    pub carrier: String,
    /// Zones in priority order for ties.
    pub rates: Vec<ZoneRate>,
}

/// A shopper's address as far as zones care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Destination<'a> {
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'a str,
    /// ISO 3166-2 subdivision code, if known.
    pub region: Option<&'a str>,
    /// Postcode as typed, if known.
    pub postcode: Option<&'a str>,
}

/// A postcode as compared: no spaces or dashes, upper case.
pub(crate) fn normalize(p: &str) -> String {
    p.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// `lo <= pc[..len(lo)]` and `pc[..len(hi)] <= hi`, so "2000".."2999" matches "2150"
/// and "75".."75" matches "75011".
pub(crate) fn in_range(pc: &str, lo: &str, hi: &str) -> bool {
    let head = |n: usize| pc.get(..n).filter(|_| pc.is_char_boundary(n));
    match (head(lo.len()), head(hi.len())) {
        (Some(a), Some(b)) => lo <= a && b <= hi,
        _ => false,
    }
}

impl Zone {
    /// `None` if the zone does not cover `dest`, else how specific the match is
    /// (postcode characters matched, region matched, country matched): bigger wins.
    pub fn specificity(&self, dest: &Destination<'_>) -> Option<(usize, bool, bool)> {
        let country_ok = self.countries.is_empty()
            || self
                .countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(dest.country));
        let region_ok = self.regions.is_empty()
            || dest
                .region
                .is_some_and(|r| self.regions.iter().any(|z| z.eq_ignore_ascii_case(r)));
        if !country_ok || !region_ok {
            return None;
        }
        let mut pc_score = 0;
        if !self.postcode_prefixes.is_empty() || !self.postcode_ranges.is_empty() {
            let pc = normalize(dest.postcode?);
            let prefix = self
                .postcode_prefixes
                .iter()
                .map(|p| normalize(p))
                .filter(|p| !p.is_empty() && pc.starts_with(p.as_str()))
                .map(|p| p.chars().count());
            let range = self
                .postcode_ranges
                .iter()
                .map(|(lo, hi)| (normalize(lo), normalize(hi)))
                .filter(|(lo, hi)| in_range(&pc, lo, hi))
                .map(|(lo, hi)| common_prefix_len(&lo, &hi) + 1);
            pc_score = prefix.chain(range).max()?;
        }
        Some((
            pc_score,
            !self.regions.is_empty(),
            !self.countries.is_empty(),
        ))
    }
}

/// Index of the most specific zone covering `dest` (postcode beats region beats
/// country beats catch-all; the earlier zone wins a tie), or `None` if none does.
pub fn pick<'z, I>(zones: I, dest: &Destination<'_>) -> Option<usize>
where
    I: IntoIterator<Item = &'z Zone>,
{
    let mut best: Option<(usize, (usize, bool, bool))> = None;
    for (i, z) in zones.into_iter().enumerate() {
        if let Some(s) = z.specificity(dest) {
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
    }
    best.map(|(i, _)| i)
}

impl Method {
    /// The rate of the most specific zone covering `dest`.
    pub fn rate_for(&self, dest: &Destination<'_>) -> Option<&ZoneRate> {
        pick(self.rates.iter().map(|r| &r.zone), dest).and_then(|i| self.rates.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn most_specific_wins() {
        let zones = vec![
            Zone::default(),
            Zone {
                countries: s(&["GB"]),
                ..Zone::default()
            },
            Zone {
                countries: s(&["GB"]),
                regions: s(&["GB-SCT"]),
                ..Zone::default()
            },
            Zone {
                countries: s(&["GB"]),
                postcode_prefixes: s(&["HS", "ZE", "KW15"]),
                ..Zone::default()
            },
            Zone {
                countries: s(&["AU"]),
                postcode_ranges: vec![("2000".into(), "2999".into())],
                ..Zone::default()
            },
        ];
        let d = |c, r, p| Destination {
            country: c,
            region: r,
            postcode: p,
        };
        assert_eq!(pick(&zones, &d("FR", None, None)), Some(0));
        assert_eq!(pick(&zones, &d("gb", None, Some("SW1A 1AA"))), Some(1));
        assert_eq!(
            pick(&zones, &d("GB", Some("GB-SCT"), Some("EH1 1AA"))),
            Some(2)
        );
        assert_eq!(
            pick(&zones, &d("GB", Some("GB-SCT"), Some("hs1 2aa"))),
            Some(3)
        );
        assert_eq!(pick(&zones, &d("GB", Some("GB-SCT"), None)), Some(2));
        assert_eq!(pick(&zones, &d("AU", None, Some("2150"))), Some(4));
        assert_eq!(pick(&zones, &d("AU", None, Some("3000"))), Some(0));
        assert_eq!(pick(&zones[1..], &d("FR", None, None)), None);
        assert!(in_range("75011", "75", "75"));
        assert!(!in_range("7", "75", "75"));
    }
}
