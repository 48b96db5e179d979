//! Public-holiday rules, expanded per year at bundle build time.
//!
//! Rules rather than date lists so the CLI can cover any window without a data refresh;
//! only the expanded dates ship to the widget. Dates before 2002 are not modelled
//! (one-off royal/jubilee days and moved bank holidays earlier than that are missing).
//!
//! Left out on purpose (unsure or not region-wide, so better a working day than a guess):
//! - NL: Good Friday and Liberation Day (5 May) — not a general day off.
//! - DE-BY: Assumption (15 Aug, only Catholic-majority municipalities), Augsburg's 8 Aug.
//! - DE-SN / DE-TH: Corpus Christi (only some municipalities).
//! - AU-NSW: Bank Holiday (first Monday of August, banks only).
//! - AU-VIC: AFL Grand Final Friday (date set yearly by the government).
//! - AU: extra days when Easter Monday and Anzac Day coincide (next: 2095).
//! - AU national: King's Birthday (differs between states), so it is only in the state sets.
//! - CA: only the five statutory holidays observed in every province and territory.
//! - US: Inauguration Day (DC area only).

use super::date::{Date, Weekday};

/// How a holiday that falls on a weekend is observed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shift {
    /// The date itself only.
    None,
    /// US federal: Saturday also gives the Friday before, Sunday the Monday after.
    PrevFriNextMon,
    /// GB/AU/CA "substitute day": the next weekday not already a holiday
    /// (this is what turns a Sat/Sun Christmas+Boxing Day into Mon+Tue).
    NextFreeWeekday,
    /// NL King's Day: a Sunday moves to the Saturday before (replaces the date).
    SunToSat,
}

#[derive(Clone, Copy, Debug)]
enum When {
    Fixed(u8, u8),
    /// `n`-th weekday of a month; negative `n` counts from the end (-1 = last).
    Nth(u8, Weekday, i8),
    /// Days after (negative: before) Gregorian Easter Sunday.
    Easter(i16),
    /// The last given weekday strictly before month/day (Buß- und Bettag).
    WeekdayBefore(u8, u8, Weekday),
}

#[derive(Clone, Copy, Debug)]
struct Rule {
    when: When,
    shift: Shift,
    from: i32,
    to: i32,
}

impl Rule {
    const fn new(when: When) -> Rule {
        Rule {
            when,
            shift: Shift::None,
            from: i32::MIN,
            to: i32::MAX,
        }
    }
    const fn us(mut self) -> Rule {
        self.shift = Shift::PrevFriNextMon;
        self
    }
    const fn sub(mut self) -> Rule {
        self.shift = Shift::NextFreeWeekday;
        self
    }
    const fn sun_to_sat(mut self) -> Rule {
        self.shift = Shift::SunToSat;
        self
    }
    const fn years(mut self, from: i32, to: i32) -> Rule {
        self.from = from;
        self.to = to;
        self
    }
    const fn only(self, year: i32) -> Rule {
        self.years(year, year)
    }
    fn date(&self, year: i32) -> Option<Date> {
        if year < self.from || year > self.to {
            return None;
        }
        match self.when {
            When::Fixed(m, d) => Date::from_ymd(year, m, d),
            When::Nth(m, wd, n) => nth_weekday(year, m, wd, n),
            When::Easter(off) => Some(easter_sunday(year).add_days(i32::from(off))),
            When::WeekdayBefore(m, d, wd) => {
                let anchor = Date::from_ymd(year, m, d)?;
                let back = (i32::from(anchor.weekday().index()) - i32::from(wd.index()) + 6)
                    .rem_euclid(7)
                    + 1;
                Some(anchor.add_days(-back))
            }
        }
    }
}

const fn fixed(m: u8, d: u8) -> Rule {
    Rule::new(When::Fixed(m, d))
}
const fn nth(m: u8, wd: Weekday, n: i8) -> Rule {
    Rule::new(When::Nth(m, wd, n))
}
const fn easter(offset: i16) -> Rule {
    Rule::new(When::Easter(offset))
}

const MAX: i32 = i32::MAX;
use Weekday::{Mon, Thu, Tue, Wed};

/// 5 U.S.C. 6103 federal holidays (OPM observance rules).
const US: &[Rule] = &[
    fixed(1, 1).us(),
    nth(1, Mon, 3).years(1986, MAX),
    nth(2, Mon, 3),
    nth(5, Mon, -1),
    fixed(6, 19).us().years(2021, MAX),
    fixed(7, 4).us(),
    nth(9, Mon, 1),
    nth(10, Mon, 2),
    fixed(11, 11).us(),
    nth(11, Thu, 4),
    fixed(12, 25).us(),
];

/// Statutory holidays observed in every Canadian province and territory.
const CA: &[Rule] = &[
    fixed(1, 1).sub(),
    easter(-2),
    fixed(7, 1).sub(),
    nth(9, Mon, 1),
    fixed(12, 25).sub(),
];

/// Bank holidays common to England & Wales, Scotland and Northern Ireland, incl. one-offs.
const GB: &[Rule] = &[
    fixed(1, 1).sub(),
    easter(-2),
    // Early May: first Monday, moved to 8 May for VE Day 75 in 2020.
    nth(5, Mon, 1).years(1978, 2019),
    fixed(5, 8).only(2020),
    nth(5, Mon, 1).years(2021, MAX),
    // Spring: last Monday of May, moved for the 2002, 2012 and 2022 jubilees.
    nth(5, Mon, -1).years(1971, 2001),
    fixed(6, 4).only(2002),
    nth(5, Mon, -1).years(2003, 2011),
    fixed(6, 4).only(2012),
    nth(5, Mon, -1).years(2013, 2021),
    fixed(6, 2).only(2022),
    nth(5, Mon, -1).years(2023, MAX),
    fixed(12, 25).sub(),
    fixed(12, 26).sub(),
    // One-off bank holidays proclaimed for the whole UK.
    fixed(6, 3).only(2002),
    fixed(4, 29).only(2011),
    fixed(6, 5).only(2012),
    fixed(6, 3).only(2022),
    fixed(9, 19).only(2022),
    fixed(5, 8).only(2023),
];
const GB_EAW: &[Rule] = &[easter(1), nth(8, Mon, -1)];
const GB_SCT: &[Rule] = &[fixed(1, 2).sub(), nth(8, Mon, 1), fixed(11, 30).sub()];
const GB_NIR: &[Rule] = &[
    easter(1),
    nth(8, Mon, -1),
    fixed(3, 17).sub(),
    fixed(7, 12).sub(),
];

/// Nationwide German holidays (no weekend substitution in Germany).
const DE: &[Rule] = &[
    fixed(1, 1),
    easter(-2),
    easter(1),
    fixed(5, 1),
    easter(39),
    easter(50),
    fixed(10, 3).years(1990, MAX),
    fixed(10, 31).only(2017),
    fixed(12, 25),
    fixed(12, 26),
];
const EPIPHANY: Rule = fixed(1, 6);
const CORPUS_CHRISTI: Rule = easter(60);
const ALL_SAINTS: Rule = fixed(11, 1);
const REFORMATION: Rule = fixed(10, 31);
const DE_BW: &[Rule] = &[EPIPHANY, CORPUS_CHRISTI, ALL_SAINTS];
const DE_BY: &[Rule] = &[EPIPHANY, CORPUS_CHRISTI, ALL_SAINTS];
const DE_BE: &[Rule] = &[
    fixed(3, 8).years(2019, MAX),
    fixed(5, 8).only(2020),
    fixed(5, 8).only(2025),
];
const DE_BB: &[Rule] = &[easter(0), easter(49), REFORMATION];
const DE_REFORMATION_2018: &[Rule] = &[REFORMATION.years(2018, MAX)];
const DE_HE: &[Rule] = &[CORPUS_CHRISTI];
const DE_MV: &[Rule] = &[REFORMATION, fixed(3, 8).years(2023, MAX)];
const DE_NW_RP: &[Rule] = &[CORPUS_CHRISTI, ALL_SAINTS];
const DE_SL: &[Rule] = &[CORPUS_CHRISTI, fixed(8, 15), ALL_SAINTS];
const DE_SN: &[Rule] = &[REFORMATION, Rule::new(When::WeekdayBefore(11, 23, Wed))];
const DE_ST: &[Rule] = &[EPIPHANY, REFORMATION];
const DE_TH: &[Rule] = &[REFORMATION, fixed(9, 20).years(2019, MAX)];

/// The eleven French jours fériés (Code du travail L3133-1).
const FR: &[Rule] = &[
    fixed(1, 1),
    easter(1),
    fixed(5, 1),
    fixed(5, 8),
    easter(39),
    easter(50),
    fixed(7, 14),
    fixed(8, 15),
    fixed(11, 1),
    fixed(11, 11),
    fixed(12, 25),
];
/// Alsace-Moselle local law adds Good Friday and St Stephen's Day.
const FR_ALSACE_MOSELLE: &[Rule] = &[easter(-2), fixed(12, 26)];

/// Dutch national holidays (Algemene termijnenwet list, minus Good Friday and 5 May).
const NL: &[Rule] = &[
    fixed(1, 1),
    easter(0),
    easter(1),
    fixed(4, 30).sun_to_sat().years(1980, 2013),
    fixed(4, 27).sun_to_sat().years(2014, MAX),
    easter(39),
    easter(49),
    easter(50),
    fixed(12, 25),
    fixed(12, 26),
];

/// Holidays every Australian state and territory gazettes.
const AU: &[Rule] = &[
    fixed(1, 1).sub(),
    fixed(1, 26).sub(),
    easter(-2),
    easter(1),
    // No substitute day for Anzac Day in NSW or VIC.
    fixed(4, 25),
    fixed(12, 25).sub(),
    fixed(12, 26).sub(),
];
/// Public Holidays Act 2010 (NSW).
const AU_NSW: &[Rule] = &[easter(-1), easter(0), nth(6, Mon, 2), nth(10, Mon, 1)];
/// Public Holidays Act 1993 (Vic); Melbourne Cup is statewide unless a council substitutes.
const AU_VIC: &[Rule] = &[
    nth(3, Mon, 2),
    easter(-1),
    easter(0).years(2016, MAX),
    nth(6, Mon, 2),
    nth(11, Tue, 1),
];

/// Every region code [`holidays`] accepts.
pub const REGIONS: &[&str] = &[
    "US", "CA", "GB", "GB-ENG", "GB-WLS", "GB-EAW", "GB-SCT", "GB-NIR", "DE", "DE-BW", "DE-BY",
    "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV", "DE-NI", "DE-NW", "DE-RP", "DE-SL",
    "DE-SN", "DE-ST", "DE-SH", "DE-TH", "FR", "FR-57", "FR-67", "FR-68", "FR-6AE", "NL", "AU",
    "AU-NSW", "AU-VIC",
];

fn rule_sets(code: &str) -> Option<(&'static [Rule], &'static [Rule])> {
    let mut buf = [0u8; 8];
    let b = code.as_bytes();
    if b.len() > buf.len() {
        return None;
    }
    for (o, c) in buf.iter_mut().zip(b) {
        *o = c.to_ascii_uppercase();
    }
    let none: &'static [Rule] = &[];
    Some(match &buf[..b.len()] {
        b"US" => (US, none),
        b"CA" => (CA, none),
        b"GB" => (GB, none),
        b"GB-ENG" | b"GB-WLS" | b"GB-EAW" => (GB, GB_EAW),
        b"GB-SCT" => (GB, GB_SCT),
        b"GB-NIR" => (GB, GB_NIR),
        b"DE" => (DE, none),
        b"DE-BW" => (DE, DE_BW),
        b"DE-BY" => (DE, DE_BY),
        b"DE-BE" => (DE, DE_BE),
        b"DE-BB" => (DE, DE_BB),
        b"DE-HB" | b"DE-HH" | b"DE-NI" | b"DE-SH" => (DE, DE_REFORMATION_2018),
        b"DE-HE" => (DE, DE_HE),
        b"DE-MV" => (DE, DE_MV),
        b"DE-NW" | b"DE-RP" => (DE, DE_NW_RP),
        b"DE-SL" => (DE, DE_SL),
        b"DE-SN" => (DE, DE_SN),
        b"DE-ST" => (DE, DE_ST),
        b"DE-TH" => (DE, DE_TH),
        b"FR" => (FR, none),
        b"FR-57" | b"FR-67" | b"FR-68" | b"FR-6AE" => (FR, FR_ALSACE_MOSELLE),
        b"NL" => (NL, none),
        b"AU" => (AU, none),
        b"AU-NSW" => (AU, AU_NSW),
        b"AU-VIC" => (AU, AU_VIC),
        _ => return None,
    })
}

/// Gregorian Easter Sunday (anonymous Gregorian computus, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Date {
    let y = year;
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Always a valid March/April date for the values above.
    Date::from_ymd(y, month as u8, day as u8).unwrap_or(Date::EPOCH)
}

/// The `n`-th `wd` of month `m` (negative `n` counts from the month's end).
fn nth_weekday(year: i32, m: u8, wd: Weekday, n: i8) -> Option<Date> {
    if n > 0 {
        let first = Date::from_ymd(year, m, 1)?;
        let delta = (i32::from(wd.index()) - i32::from(first.weekday().index())).rem_euclid(7);
        let d = first.add_days(delta + 7 * (i32::from(n) - 1));
        (d.ymd().1 == m).then_some(d)
    } else if n < 0 {
        let last = Date::from_ymd(year, m, super::date::days_in_month(year, m))?;
        let delta = (i32::from(last.weekday().index()) - i32::from(wd.index())).rem_euclid(7);
        let d = last.add_days(-delta - 7 * (-i32::from(n) - 1));
        (d.ymd().1 == m).then_some(d)
    } else {
        None
    }
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Public holidays of `region` (ISO 3166-1 alpha-2 for national only, ISO 3166-2 for
/// national + subdivision) falling in `year`, sorted and deduplicated, including the
/// weekend dates themselves and their observed/substitute weekdays.
///
/// `None` for a region without a built-in set, so callers can report it instead of
/// silently treating every day as a working day.
pub fn holidays(region: &str, year: i32) -> Option<Vec<Date>> {
    let (national, regional) = rule_sets(region)?;
    if !(-100_000..=100_000).contains(&year) {
        return Some(Vec::new());
    }
    // Neighbouring years too: an observed day can cross New Year (US 2027-12-31).
    let mut actual: Vec<(Date, Shift)> = Vec::new();
    for y in year - 1..=year + 1 {
        for r in national.iter().chain(regional) {
            if let Some(d) = r.date(y) {
                let d = if r.shift == Shift::SunToSat && d.weekday() == Weekday::Sun {
                    d.add_days(-1)
                } else {
                    d
                };
                actual.push((d, r.shift));
            }
        }
    }
    actual.sort_unstable_by_key(|&(d, shift)| (d, shift as u8));
    let mut out: Vec<Date> = actual.iter().map(|&(d, _)| d).collect();
    // Weekday holidays are "taken" so a substitute never lands on one (Christmas on a Sunday
    // is substituted on Tuesday because Monday is Boxing Day).
    let mut taken: Vec<Date> = out.iter().copied().filter(|&d| !is_weekend(d)).collect();
    for &(d, shift) in &actual {
        match shift {
            Shift::PrevFriNextMon => match d.weekday() {
                Weekday::Sat => out.push(d.add_days(-1)),
                Weekday::Sun => out.push(d.add_days(1)),
                _ => {}
            },
            Shift::NextFreeWeekday if is_weekend(d) => {
                let mut s = d.succ();
                while is_weekend(s) || taken.contains(&s) {
                    s = s.succ();
                }
                taken.push(s);
                out.push(s);
            }
            _ => {}
        }
    }
    out.retain(|d| d.year() == year);
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Holidays of `region` in `[from, to]` (inclusive), for a bundle's validity window.
pub fn holidays_between(region: &str, from: Date, to: Date) -> Option<Vec<Date>> {
    let mut out = Vec::new();
    for y in from.year()..=to.year() {
        out.extend(
            holidays(region, y)?
                .into_iter()
                .filter(|d| *d >= from && *d <= to),
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(list: &[&str]) -> Vec<Date> {
        list.iter().map(|s| Date::parse(s).unwrap()).collect()
    }

    fn check(region: &str, year: i32, expected: &[&str]) {
        let got: Vec<String> = holidays(region, year)
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(got, expected, "{region} {year}");
    }

    #[test]
    fn easter_known() {
        let known = [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ];
        for (y, s) in known {
            assert_eq!(easter_sunday(y), Date::parse(s).unwrap(), "{y}");
        }
    }

    #[test]
    fn nth_weekday_edges() {
        assert_eq!(nth_weekday(2026, 5, Mon, -1), dates(&["2026-05-25"]).pop());
        assert_eq!(nth_weekday(2027, 5, Mon, -1), dates(&["2027-05-31"]).pop());
        assert_eq!(
            nth_weekday(2026, 6, Mon, 5),
            Some(Date::parse("2026-06-29").unwrap())
        );
        assert_eq!(nth_weekday(2026, 2, Mon, 5), None);
    }

    #[test]
    fn unknown_regions() {
        assert!(holidays("XX", 2026).is_none());
        assert!(holidays("US-CA", 2026).is_none());
        assert!(holidays("", 2026).is_none());
        assert!(holidays("GB-SCOTLAND", 2026).is_none());
        assert_eq!(holidays("gb-sct", 2026), holidays("GB-SCT", 2026));
        for r in REGIONS {
            assert!(holidays(r, 2026).is_some(), "{r}");
        }
    }

    // opm.gov federal holidays 2026 / 2027 (plus the weekend dates themselves).
    #[test]
    fn us_2026_2027() {
        check(
            "US",
            2026,
            &[
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-07-04",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25",
            ],
        );
        check(
            "US",
            2027,
            &[
                "2027-01-01",
                "2027-01-18",
                "2027-02-15",
                "2027-05-31",
                "2027-06-18",
                "2027-06-19",
                "2027-07-04",
                "2027-07-05",
                "2027-09-06",
                "2027-10-11",
                "2027-11-11",
                "2027-11-25",
                "2027-12-24",
                "2027-12-25",
                "2027-12-31",
            ],
        );
    }

    #[test]
    fn ca_2026_2027() {
        check(
            "CA",
            2026,
            &[
                "2026-01-01",
                "2026-04-03",
                "2026-07-01",
                "2026-09-07",
                "2026-12-25",
            ],
        );
        check(
            "CA",
            2027,
            &[
                "2027-01-01",
                "2027-03-26",
                "2027-07-01",
                "2027-09-06",
                "2027-12-25",
                "2027-12-27",
            ],
        );
    }

    // gov.uk/bank-holidays.
    #[test]
    fn gb_eng_2026_2027() {
        check(
            "GB-ENG",
            2026,
            &[
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-26",
                "2026-12-28",
            ],
        );
        check(
            "GB-ENG",
            2027,
            &[
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-08-30",
                "2027-12-25",
                "2027-12-26",
                "2027-12-27",
                "2027-12-28",
            ],
        );
        assert_eq!(holidays("GB-WLS", 2027), holidays("GB-ENG", 2027));
        // Christmas on a Sunday: Boxing Day Monday, Christmas substitute Tuesday.
        check(
            "GB-ENG",
            2022,
            &[
                "2022-01-01",
                "2022-01-03",
                "2022-04-15",
                "2022-04-18",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-29",
                "2022-09-19",
                "2022-12-25",
                "2022-12-26",
                "2022-12-27",
            ],
        );
    }

    #[test]
    fn gb_sct_2026_2027() {
        check(
            "GB-SCT",
            2026,
            &[
                "2026-01-01",
                "2026-01-02",
                "2026-04-03",
                "2026-05-04",
                "2026-05-25",
                "2026-08-03",
                "2026-11-30",
                "2026-12-25",
                "2026-12-26",
                "2026-12-28",
            ],
        );
        check(
            "GB-SCT",
            2027,
            &[
                "2027-01-01",
                "2027-01-02",
                "2027-01-04",
                "2027-03-26",
                "2027-05-03",
                "2027-05-31",
                "2027-08-02",
                "2027-11-30",
                "2027-12-25",
                "2027-12-26",
                "2027-12-27",
                "2027-12-28",
            ],
        );
        // 2023: 1 Jan Sunday, 2 Jan Monday -> substitute Tuesday 3 Jan.
        let h = holidays("GB-SCT", 2023).unwrap();
        assert!(h.contains(&Date::parse("2023-01-02").unwrap()));
        assert!(h.contains(&Date::parse("2023-01-03").unwrap()));
        // No Easter Monday in Scotland.
        assert!(!holidays("GB-SCT", 2027)
            .unwrap()
            .contains(&Date::parse("2027-03-29").unwrap()));
    }

    #[test]
    fn gb_nir_2026_2027() {
        check(
            "GB-NIR",
            2026,
            &[
                "2026-01-01",
                "2026-03-17",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-07-12",
                "2026-07-13",
                "2026-08-31",
                "2026-12-25",
                "2026-12-26",
                "2026-12-28",
            ],
        );
        check(
            "GB-NIR",
            2027,
            &[
                "2027-01-01",
                "2027-03-17",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-07-12",
                "2027-08-30",
                "2027-12-25",
                "2027-12-26",
                "2027-12-27",
                "2027-12-28",
            ],
        );
    }

    #[test]
    fn de_2026_2027() {
        check(
            "DE",
            2026,
            &[
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-01",
                "2026-05-14",
                "2026-05-25",
                "2026-10-03",
                "2026-12-25",
                "2026-12-26",
            ],
        );
        check(
            "DE-BY",
            2027,
            &[
                "2027-01-01",
                "2027-01-06",
                "2027-03-26",
                "2027-03-29",
                "2027-05-01",
                "2027-05-06",
                "2027-05-17",
                "2027-05-27",
                "2027-10-03",
                "2027-11-01",
                "2027-12-25",
                "2027-12-26",
            ],
        );
        assert_eq!(holidays("DE-BW", 2026), holidays("DE-BY", 2026));
        let sn = holidays("DE-SN", 2026).unwrap();
        assert!(sn.contains(&Date::parse("2026-11-18").unwrap()));
        assert!(sn.contains(&Date::parse("2026-10-31").unwrap()));
        let be = holidays("DE-BE", 2027).unwrap();
        assert!(be.contains(&Date::parse("2027-03-08").unwrap()));
        assert!(holidays("DE-BB", 2026)
            .unwrap()
            .contains(&Date::parse("2026-05-24").unwrap()));
    }

    #[test]
    fn fr_nl_2026_2027() {
        check(
            "FR",
            2026,
            &[
                "2026-01-01",
                "2026-04-06",
                "2026-05-01",
                "2026-05-08",
                "2026-05-14",
                "2026-05-25",
                "2026-07-14",
                "2026-08-15",
                "2026-11-01",
                "2026-11-11",
                "2026-12-25",
            ],
        );
        let als = holidays("FR-57", 2027).unwrap();
        assert!(als.contains(&Date::parse("2027-03-26").unwrap()));
        assert!(als.contains(&Date::parse("2027-12-26").unwrap()));
        check(
            "NL",
            2026,
            &[
                "2026-01-01",
                "2026-04-05",
                "2026-04-06",
                "2026-04-27",
                "2026-05-14",
                "2026-05-24",
                "2026-05-25",
                "2026-12-25",
                "2026-12-26",
            ],
        );
        check(
            "NL",
            2027,
            &[
                "2027-01-01",
                "2027-03-28",
                "2027-03-29",
                "2027-04-27",
                "2027-05-06",
                "2027-05-16",
                "2027-05-17",
                "2027-12-25",
                "2027-12-26",
            ],
        );
        // King's Day on a Sunday moves to Saturday 26 April (2025).
        let nl25 = holidays("NL", 2025).unwrap();
        assert!(nl25.contains(&Date::parse("2025-04-26").unwrap()));
        assert!(!nl25.contains(&Date::parse("2025-04-27").unwrap()));
    }

    // NSW Industrial Relations and business.vic.gov.au published lists.
    #[test]
    fn au_2026_2027() {
        check(
            "AU-NSW",
            2026,
            &[
                "2026-01-01",
                "2026-01-26",
                "2026-04-03",
                "2026-04-04",
                "2026-04-05",
                "2026-04-06",
                "2026-04-25",
                "2026-06-08",
                "2026-10-05",
                "2026-12-25",
                "2026-12-26",
                "2026-12-28",
            ],
        );
        check(
            "AU-NSW",
            2027,
            &[
                "2027-01-01",
                "2027-01-26",
                "2027-03-26",
                "2027-03-27",
                "2027-03-28",
                "2027-03-29",
                "2027-04-25",
                "2027-06-14",
                "2027-10-04",
                "2027-12-25",
                "2027-12-26",
                "2027-12-27",
                "2027-12-28",
            ],
        );
        check(
            "AU-VIC",
            2026,
            &[
                "2026-01-01",
                "2026-01-26",
                "2026-03-09",
                "2026-04-03",
                "2026-04-04",
                "2026-04-05",
                "2026-04-06",
                "2026-04-25",
                "2026-06-08",
                "2026-11-03",
                "2026-12-25",
                "2026-12-26",
                "2026-12-28",
            ],
        );
        check(
            "AU",
            2027,
            &[
                "2027-01-01",
                "2027-01-26",
                "2027-03-26",
                "2027-03-29",
                "2027-04-25",
                "2027-12-25",
                "2027-12-26",
                "2027-12-27",
                "2027-12-28",
            ],
        );
    }
}
