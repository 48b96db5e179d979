//! The order table: every delivery date an order page can need, precomputed for the
//! bundle's validity window.
//!
//! Pages that cannot run the engine get it as data. Shopify's Thank you and Order status
//! extensions run in a sandboxed worker with no WebAssembly guaranteed and 64 KB of script,
//! so they look dates up here instead of computing them: no time-zone, holiday or
//! business-day code exists outside this crate. The table is small because the engine's
//! result factors into three lookups:
//!
//! 1. **day0** only changes at a shop working day's cutoff instant: the order's day0 is the
//!    first shop working day whose cutoff lies after the order instant. So the table lists
//!    the shop's working days and their cutoff instants (`first`, `gaps`, `cutoffs`).
//! 2. **Dispatch** is day0 advanced by handling working days, which is the working day that
//!    many places further down the same list. A preorder's day0 is the later of its own and
//!    the release date's working day, also an index into the list.
//! 3. **Delivery** is dispatch advanced by transit carrier days. For each carrier calendar
//!    (destination holidays × delivery weekdays) and transit length the table has a *lane*:
//!    for each working day as a dispatch day, how many calendar days beyond the transit
//!    length the parcel takes (weekends and holidays in between), one base64url digit each.
//!
//! [`OrderTable::lookup`] is the reference reading; the extension's JavaScript reads the
//! same fields the same way, and both are tested against [`DeliveryRules::promise`].

use super::date::Date;
use super::engine::{Carrier, EstimateError};
use super::rules::{DeliveryRules, ProductFacts, NOTICE_ORDER_CONFIRMATION};
use super::zone::Destination;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Layout version of the table; readers refuse other versions.
pub const TABLE_VERSION: u8 = 1;

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A run of small non-negative numbers: base64url digits (one character each) when every
/// value is below 64, else a plain list. Either way a JSON string or array.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Run {
    /// One character of [`DIGITS`] per value.
    Digits(String),
    /// The values themselves, for the rare run with a value of 64 or more.
    List(Vec<u32>),
}

impl Run {
    /// The most compact form of `values`.
    pub fn new(values: &[u32]) -> Run {
        if values.iter().all(|&v| v < 64) {
            Run::Digits(
                values
                    .iter()
                    .map(|&v| char::from(DIGITS[v as usize]))
                    .collect(),
            )
        } else {
            Run::List(values.to_vec())
        }
    }

    /// The `i`-th value.
    pub fn get(&self, i: usize) -> Option<u32> {
        match self {
            Run::Digits(s) => {
                let c = *s.as_bytes().get(i)?;
                DIGITS.iter().position(|&d| d == c).map(|p| p as u32)
            }
            Run::List(v) => v.get(i).copied(),
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Run::Digits(s) => s.len(),
            Run::List(v) => v.len(),
        }
    }

    /// True when the run holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a product rule changes, as the table reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProductClass {
    /// Shop working days added to both ends of handling.
    pub extra: u16,
    /// Index in the working-day list of the first working day on or after the release
    /// date (preorders); day0 is never earlier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<u32>,
}

/// One zone of a method, normalised so that a reader only compares strings: countries and
/// regions upper-cased, postcodes without spaces and dashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneRow {
    /// Display name.
    pub name: String,
    /// ISO 3166-1 codes; empty: any country.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// ISO 3166-2 codes; empty: any region.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Postcode prefixes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<String>,
    /// Inclusive postcode ranges.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<[String; 2]>,
    /// Transit `[min, max]` in carrier days.
    pub transit: [u16; 2],
}

/// A shipping method with the names its checkout rates may carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MethodRow {
    /// The method's name in `delivery.toml`.
    pub name: String,
    /// Lower-cased names that select it: its own and its `checkout_names`.
    pub names: Vec<String>,
    /// Carrier delivery weekdays (`WeekdaySet` bits, Monday = 1).
    pub days: u8,
    /// Zones in file order.
    pub zones: Vec<ZoneRow>,
}

/// A notice for order pages, as the instants between which an order shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeRow {
    /// The text.
    pub text: String,
    /// First instant (UTC seconds) of its first day in the shop's zone.
    pub from: i64,
    /// First instant after its last day.
    pub until: i64,
}

/// Everything an order page needs to date an order; see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderTable {
    /// [`TABLE_VERSION`].
    pub v: u8,
    /// First instant of the validity window (UTC seconds).
    pub start: i64,
    /// End of the validity window (exclusive): orders from then on get no dates.
    pub end: i64,
    /// The first shop working day on or after the window's first day (days since 1970-01-01).
    pub first: i32,
    /// Days from each working day to the next: working day `k` is `first` plus the first
    /// `k` gaps.
    pub gaps: Run,
    /// Cutoff instants of the working days inside the window: the first in UTC seconds,
    /// then each as the difference from the one before. An order at instant `t` has as
    /// day0 the first working day whose cutoff is after `t` (past the last one: the
    /// working day after it).
    pub cutoffs: Vec<i64>,
    /// Default handling `[min, max]` in shop working days.
    pub handling: [u16; 2],
    /// Product classes: 0 is a product no rule names, then one per `[[products]]` rule
    /// in file order.
    pub products: Vec<ProductClass>,
    /// SKU → product class (the first rule naming it).
    pub skus: BTreeMap<String, u32>,
    /// Lower-cased product tag → product class.
    pub tags: BTreeMap<String, u32>,
    /// Lower-cased collection handle → product class.
    pub collections: BTreeMap<String, u32>,
    /// Shipping methods in order of preference.
    pub methods: Vec<MethodRow>,
    /// Destination codes with a calendar of their own (public or a carrier's): a
    /// destination's calendar code is its region's if listed, else its country's if listed,
    /// else none (`""`). Its region is the address's own, else the one its postcode lies in
    /// ([`OrderTable::postcode_regions`]).
    pub calendars: Vec<String>,
    /// `[country, first, last, region]`: the region a postcode range lies in, postcodes
    /// normalised; the range with the longest bounds wins.
    pub postcode_regions: Vec<[String; 4]>,
    /// Lanes, shared by every key with the same content.
    pub lanes: Vec<Run>,
    /// `"METHOD|ZONE|CALENDAR|TRANSIT"` → index into `lanes`: each method's zone names its
    /// carrier's calendar and its own corrections, so a lane belongs to a method and zone. A
    /// region without a key uses its country's lane, a country without one the lane of none.
    pub lane_index: BTreeMap<String, u32>,
    /// Notices for order pages.
    pub notices: Vec<NoticeRow>,
}

/// Why a table could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// The rules cannot be evaluated (no working day for a year, corrupt window).
    Estimate(EstimateError),
    /// `checkout_names` is not parallel to the methods.
    Names,
}

impl core::fmt::Display for TableError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TableError::Estimate(e) => write!(f, "cannot precompute order dates: {e}"),
            TableError::Names => f.write_str("checkout names do not match the methods"),
        }
    }
}

impl std::error::Error for TableError {}

impl From<EstimateError> for TableError {
    fn from(e: EstimateError) -> TableError {
        TableError::Estimate(e)
    }
}

/// The key of a lane.
pub fn lane_key(method: usize, zone: usize, calendar: &str, transit: u16) -> String {
    format!("{method}|{zone}|{calendar}|{transit}")
}

fn normalize_postcode(p: &str) -> String {
    p.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

fn day_seconds(d: Date) -> i64 {
    i64::from(d.0) * 86_400
}

/// Builds the table for `rules`; `checkout_names[m]` are the other names of method `m`
/// in the shop's checkout (empty lists where there are none, or no lists at all).
pub fn build(
    rules: &DeliveryRules,
    checkout_names: &[Vec<String>],
) -> Result<OrderTable, TableError> {
    let data = &rules.data;
    if !checkout_names.is_empty() && checkout_names.len() != data.methods.len() {
        return Err(TableError::Names);
    }
    let shop = data.shop_rules();
    let tz = &data.tz;
    let (start, end) = (tz.start(), tz.end());
    let outside = || TableError::Estimate(EstimateError::OutsideWindow);
    let (first_day, _) = tz.local(start).ok_or_else(outside)?;
    let (last_day, _) = tz.local(end - 1).ok_or_else(outside)?;
    let cm = shop.cutoff_minutes;
    if cm > 1440 {
        return Err(EstimateError::InvalidInput.into());
    }
    // The cutoff instant the engine compares with: where it has no instant (the cutoff is
    // past the window's end) it compares wall clocks at the offset in force then.
    let cutoff_at = |d: Date| -> i64 {
        tz.utc_of_local(d, cm).unwrap_or_else(|| {
            let at = if d == first_day { start } else { end - 1 };
            day_seconds(d) + i64::from(cm) * 60 - i64::from(tz.offset_at(at).unwrap_or(0))
        })
    };

    let mut work = Vec::new();
    let mut cutoffs = Vec::new();
    let mut d = shop.working_day_on_or_after(first_day)?;
    while d <= last_day {
        work.push(d);
        cutoffs.push(cutoff_at(d));
        d = shop.working_day_on_or_after(d.succ())?;
    }
    let after_last = work.len();
    work.push(d);
    let extend_to = |work: &mut Vec<Date>, len: usize| -> Result<(), EstimateError> {
        while work.len() < len {
            let next = shop.working_day_on_or_after(work[work.len() - 1].succ())?;
            work.push(next);
        }
        Ok(())
    };

    // Product classes, with the working day of each release date.
    let mut products = vec![ProductClass {
        extra: 0,
        release: None,
    }];
    let mut skus = BTreeMap::new();
    let mut tags = BTreeMap::new();
    let mut collections = BTreeMap::new();
    for (i, rule) in rules.products.iter().enumerate() {
        let class = (i + 1) as u32;
        let o = rule.to_override();
        let release = match o.release_date {
            Some(r) => {
                let day = shop.working_day_on_or_after(r)?;
                while work[work.len() - 1] < day {
                    let len = work.len() + 1;
                    extend_to(&mut work, len)?;
                }
                Some(work.partition_point(|&w| w < day) as u32)
            }
            None => None,
        };
        products.push(ProductClass {
            extra: o.extra_handling_days,
            release,
        });
        for s in &rule.skus {
            skus.entry(s.clone()).or_insert(class);
        }
        for t in &rule.tags {
            tags.entry(t.to_lowercase()).or_insert(class);
        }
        for c in &rule.collections {
            collections.entry(c.to_lowercase()).or_insert(class);
        }
    }
    let hmax = usize::from(data.shop.handling.max);
    let needed = products
        .iter()
        .map(|p| after_last.max(p.release.map_or(0, |r| r as usize)) + hmax + usize::from(p.extra))
        .max()
        .unwrap_or(after_last + hmax);
    extend_to(&mut work, needed + 1)?;

    // Lanes for every calendar a zone's destinations can have: the codes of the public
    // calendars and of the carriers' (`carrier:CODE`), plus none.
    let mut calendars: Vec<String> = Vec::new();
    for r in &data.regions {
        let code = r
            .code
            .rsplit(':')
            .next()
            .unwrap_or(&r.code)
            .to_ascii_uppercase();
        if !calendars.contains(&code) {
            calendars.push(code);
        }
    }
    let mut lanes: Vec<Run> = Vec::new();
    let mut lane_index = BTreeMap::new();
    let mut seen: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut methods = Vec::new();
    for (mi, m) in data.methods.iter().enumerate() {
        let bits = m.delivery_days.bits();
        let mut zones = Vec::new();
        for (ri, rate) in m.rates.iter().enumerate() {
            let z = &rate.zone;
            let countries: Vec<String> =
                z.countries.iter().map(|c| c.to_ascii_uppercase()).collect();
            let mut codes: Vec<&str> = calendars
                .iter()
                .filter(|code| {
                    countries.is_empty()
                        || countries.iter().any(|c| {
                            *code == c
                                || code
                                    .strip_prefix(c.as_str())
                                    .is_some_and(|r| r.starts_with('-'))
                        })
                })
                .map(String::as_str)
                .collect();
            // None first, then countries, then regions: a code whose lane is the one it
            // would fall back to (a region's is its country's, a country's is none) gets no
            // key of its own.
            codes.sort_by_key(|c| c.contains('-'));
            codes.insert(0, "");
            for n in [rate.transit_min, rate.transit_max] {
                for &code in &codes {
                    let key = lane_key(mi, ri, code, n);
                    if lane_index.contains_key(&key) {
                        continue;
                    }
                    // A destination in `code` (a country, or a region of one), or in a
                    // country with no calendar.
                    let country = if code.is_empty() {
                        "ZZ"
                    } else {
                        code.split('-').next().unwrap_or(code)
                    };
                    let dest = Destination {
                        country,
                        region: (code.len() > country.len()).then_some(code),
                        postcode: None,
                    };
                    let carrier = Carrier {
                        transit_min: n,
                        transit_max: n,
                        delivery_days: m.delivery_days,
                        holidays: data.non_delivery_days(m, rate, &dest),
                    };
                    let mut values = Vec::with_capacity(work.len());
                    for &w in &work {
                        let arrives = carrier.add_carrier_days(w, n)?;
                        // n carrier days never take fewer than n calendar days.
                        debug_assert!(arrives.0 - w.0 >= i32::from(n));
                        values.push((arrives.0 - w.0 - i32::from(n)) as u32);
                    }
                    let idx = *seen.entry(values).or_insert_with_key(|v| {
                        lanes.push(Run::new(v));
                        (lanes.len() - 1) as u32
                    });
                    let fallback = if code.is_empty() {
                        None
                    } else if code.len() > country.len() {
                        lane_index
                            .get(&lane_key(mi, ri, country, n))
                            .or_else(|| lane_index.get(&lane_key(mi, ri, "", n)))
                    } else {
                        lane_index.get(&lane_key(mi, ri, "", n))
                    };
                    if fallback != Some(&idx) {
                        lane_index.insert(key, idx);
                    }
                }
            }
            zones.push(ZoneRow {
                name: rules
                    .zone_names
                    .get(mi)
                    .and_then(|n| n.get(ri))
                    .cloned()
                    .unwrap_or_default(),
                countries,
                regions: z.regions.iter().map(|r| r.to_ascii_uppercase()).collect(),
                prefixes: z
                    .postcode_prefixes
                    .iter()
                    .map(|p| normalize_postcode(p))
                    .filter(|p| !p.is_empty())
                    .collect(),
                ranges: z
                    .postcode_ranges
                    .iter()
                    .map(|(lo, hi)| [normalize_postcode(lo), normalize_postcode(hi)])
                    .collect(),
                transit: [rate.transit_min, rate.transit_max],
            });
        }
        let mut names = vec![m.name.to_lowercase()];
        for n in checkout_names.get(mi).into_iter().flatten() {
            let n = n.trim().to_lowercase();
            if !n.is_empty() && !names.contains(&n) {
                names.push(n);
            }
        }
        methods.push(MethodRow {
            name: m.name.clone(),
            names,
            days: bits,
            zones,
        });
    }

    // Notices by instant: its first day's midnight to the midnight after its last day.
    let midnight = |d: Date| -> i64 {
        if d <= first_day {
            start
        } else if d > last_day {
            end
        } else {
            tz.utc_of_local(d, 0).unwrap_or(end)
        }
    };
    let notices = rules
        .notices
        .iter()
        .filter(|n| n.pages & NOTICE_ORDER_CONFIRMATION != 0)
        .map(|n| NoticeRow {
            text: n.text.clone(),
            from: midnight(n.from),
            until: midnight(n.until.succ()),
        })
        .filter(|n| n.from < n.until)
        .collect();

    let gaps: Vec<u32> = work.windows(2).map(|p| (p[1].0 - p[0].0) as u32).collect();
    let mut deltas = Vec::with_capacity(cutoffs.len());
    let mut prev = None;
    for &c in &cutoffs {
        deltas.push(prev.map_or(c, |p| c - p));
        prev = Some(c);
    }
    Ok(OrderTable {
        v: TABLE_VERSION,
        start,
        end,
        first: work[0].0,
        gaps: Run::new(&gaps),
        cutoffs: deltas,
        handling: [data.shop.handling.min, data.shop.handling.max],
        products,
        skus,
        tags,
        collections,
        methods,
        calendars,
        postcode_regions: data
            .postcode_regions
            .iter()
            .map(|p| {
                [
                    p.country.to_ascii_uppercase(),
                    normalize_postcode(&p.first),
                    normalize_postcode(&p.last),
                    p.region.to_ascii_uppercase(),
                ]
            })
            .collect(),
        lanes,
        lane_index,
        notices,
    })
}

/// A date range read from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Looked {
    /// Index of the method used.
    pub method: usize,
    /// Index of the zone within it.
    pub zone: usize,
    /// Earliest delivery.
    pub earliest: Date,
    /// Latest delivery.
    pub latest: Date,
}

impl OrderTable {
    /// The working days, expanded.
    pub fn working_days(&self) -> Vec<Date> {
        let mut out = vec![Date(self.first)];
        for i in 0..self.gaps.len() {
            let last = out[out.len() - 1];
            out.push(last.add_days(self.gaps.get(i).unwrap_or(0) as i32));
        }
        out
    }

    /// The cutoff instants, expanded.
    pub fn cutoff_instants(&self) -> Vec<i64> {
        let mut acc = 0;
        self.cutoffs
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                acc = if i == 0 { d } else { acc + d };
                acc
            })
            .collect()
    }

    /// The product class for a product: its SKU's rule, else the first rule naming one
    /// of its tags, else one of its collections, else 0.
    pub fn product_class(&self, p: &ProductFacts<'_>) -> usize {
        let first = |map: &BTreeMap<String, u32>, list: &[String]| {
            list.iter()
                .filter_map(|x| map.get(&x.to_lowercase()).copied())
                .min()
        };
        p.sku
            .and_then(|s| self.skus.get(s).copied())
            .or_else(|| first(&self.tags, p.tags))
            .or_else(|| first(&self.collections, p.collections))
            .map_or(0, |c| c as usize)
    }

    /// The zone of method `m` covering `dest`, as [`super::zone::pick`] chooses it.
    pub fn zone_for(&self, m: usize, dest: &Destination<'_>) -> Option<usize> {
        let country = dest.country.to_ascii_uppercase();
        let region = dest.region.map(str::to_ascii_uppercase);
        let pc = dest.postcode.map(normalize_postcode);
        let mut best: Option<(usize, (usize, bool, bool))> = None;
        for (i, z) in self.methods.get(m)?.zones.iter().enumerate() {
            if !z.countries.is_empty() && !z.countries.contains(&country) {
                continue;
            }
            if !z.regions.is_empty() && !region.as_ref().is_some_and(|r| z.regions.contains(r)) {
                continue;
            }
            let mut score = 0;
            if !z.prefixes.is_empty() || !z.ranges.is_empty() {
                let Some(pc) = &pc else { continue };
                let head = |n: usize| pc.get(..n);
                let by_prefix = z
                    .prefixes
                    .iter()
                    .filter(|p| pc.starts_with(p.as_str()))
                    .map(|p| p.chars().count());
                let by_range = z
                    .ranges
                    .iter()
                    .filter(|[lo, hi]| match (head(lo.len()), head(hi.len())) {
                        (Some(a), Some(b)) => lo.as_str() <= a && b <= hi.as_str(),
                        _ => false,
                    })
                    .map(|[lo, hi]| {
                        lo.chars()
                            .zip(hi.chars())
                            .take_while(|(x, y)| x == y)
                            .count()
                            + 1
                    });
                match by_prefix.chain(by_range).max() {
                    Some(s) => score = s,
                    None => continue,
                }
            }
            let s = (score, !z.regions.is_empty(), !z.countries.is_empty());
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The calendar code of a destination: its region's (the address's own when it is a
    /// subdivision of its country, else its postcode's) if listed, else its country's.
    pub fn calendar_for(&self, dest: &Destination<'_>) -> String {
        let has = |c: &str| self.calendars.iter().any(|x| x == c);
        let country = dest.country.to_ascii_uppercase();
        let own = dest.region.map(str::to_ascii_uppercase).filter(|r| {
            r.len() > country.len() + 1
                && r.starts_with(&country)
                && r.as_bytes()[country.len()] == b'-'
        });
        let region = own.or_else(|| {
            let pc = normalize_postcode(dest.postcode?);
            let mut best: Option<(usize, &str)> = None;
            for [c, first, last, region] in &self.postcode_regions {
                if *c == country && super::zone::in_range(&pc, first, last) {
                    let score = first.len().max(last.len());
                    if best.is_none_or(|(s, _)| score > s) {
                        best = Some((score, region));
                    }
                }
            }
            best.map(|(_, r)| r.to_string())
        });
        match region {
            Some(r) if has(&r) => r,
            _ if has(&country) => country,
            _ => String::new(),
        }
    }

    /// The method a checkout rate name selects (case-insensitive), if any.
    pub fn method_named(&self, name: &str) -> Option<usize> {
        let n = name.trim().to_lowercase();
        self.methods.iter().position(|m| m.names.contains(&n))
    }

    /// The delivery range for an order placed at `t` (UTC seconds) going to `dest`, with
    /// method `method` (else the first that serves `dest`), for a product of `class`.
    /// `None` outside the window, where no method serves, or on a table that lacks a row.
    pub fn lookup(
        &self,
        t: i64,
        dest: &Destination<'_>,
        method: Option<usize>,
        class: usize,
    ) -> Option<Looked> {
        if t < self.start || t >= self.end {
            return None;
        }
        let (mi, zi) = match method {
            Some(m) => (m, self.zone_for(m, dest)?),
            None => (0..self.methods.len()).find_map(|m| Some((m, self.zone_for(m, dest)?)))?,
        };
        let m = &self.methods[mi];
        let z = &m.zones[zi];
        let work = self.working_days();
        let cutoffs = self.cutoff_instants();
        let k = cutoffs.partition_point(|&c| c <= t);
        let p = self.products.get(class)?;
        let k = k.max(p.release.map_or(0, |r| r as usize));
        let extra = usize::from(p.extra);
        let smin = k + usize::from(self.handling[0]) + extra;
        let smax = k + usize::from(self.handling[1]) + extra;
        let cal = self.calendar_for(dest);
        let country = cal.split('-').next().unwrap_or("").to_string();
        let arrive = |s: usize, n: u16| -> Option<Date> {
            let key = |c: &str| self.lane_index.get(&lane_key(mi, zi, c, n));
            let lane =
                &self.lanes[*key(&cal).or_else(|| key(&country)).or_else(|| key(""))? as usize];
            Some(work.get(s)?.add_days(i32::from(n) + lane.get(s)? as i32))
        };
        Some(Looked {
            method: mi,
            zone: zi,
            earliest: arrive(smin, z.transit[0])?,
            latest: arrive(smax, z.transit[1])?,
        })
    }

    /// The notices an order placed at `t` shows.
    pub fn notices_at(&self, t: i64) -> Vec<&str> {
        self.notices
            .iter()
            .filter(|n| n.from <= t && t < n.until)
            .map(|n| n.text.as_str())
            .collect()
    }
}
