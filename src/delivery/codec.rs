//! Compact, deterministic bytes for everything the widget needs to estimate offline.
//!
//! Little-endian LEB128 varints, zigzag for signed values and deltas for sorted lists keep
//! a typical shop under a kilobyte. The decoder treats input as hostile: every read is
//! bounds-checked, every count is checked against the bytes left before anything is
//! built, and all invariants the engine relies on are re-validated.

use super::date::{Date, WeekdaySet};
use super::engine::{Carrier, Handling, ShopRules};
use super::tz::TzTable;
use super::zone::{in_range, normalize, Destination, Method, Zone, ZoneHolidays, ZoneRate};

/// First bytes of an encoded calendar section.
pub const MAGIC: [u8; 4] = *b"SADL";
/// Format version; bump deliberately when the layout changes. 2: calendars stored as
/// differences from an earlier one, postcode regions, carrier calendars and zone holidays.
pub const VERSION: u8 = 2;

/// One calendar, expanded for the window: the public holidays of an ISO 3166 code
/// (national + subdivision) or, as `carrier:CODE`, the days a carrier does not deliver there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionCalendar {
    /// `CC`, `CC-SUB` or `carrier:CODE`.
    pub code: String,
    /// Sorted, unique dates.
    pub holidays: Vec<Date>,
}

/// Postcodes of `country` from `first` to `last` (inclusive, compared on each bound's
/// length, as zone ranges are) lie in `region`: how a destination's region is known when
/// the address gives only a postcode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostcodeRegion {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// First postcode start of the range.
    pub first: String,
    /// Last postcode start of the range.
    pub last: String,
    /// ISO 3166-2 code of the region.
    pub region: String,
}

/// The shop's own rules, minus the data shared with other sections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopSpec {
    /// Region code of the shop's holidays, looked up in [`DeliveryData::regions`].
    pub region: String,
    /// Cutoff, minutes after local midnight (0..=1440).
    pub cutoff_minutes: u16,
    /// Dispatch weekdays.
    pub working_days: WeekdaySet,
    /// Inclusive closure ranges.
    pub closures: Vec<(Date, Date)>,
    /// Default handling time.
    pub handling: Handling,
}

/// Everything the widget needs to estimate delivery dates for one shop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryData {
    /// The shop's zone over the validity window.
    pub tz: TzTable,
    /// Holiday lists for the shop's region, every destination region and the carriers'
    /// calendars for them; subdivisions whose list equals their country's are left out.
    pub regions: Vec<RegionCalendar>,
    /// Which region a postcode is in, for the countries reached whose postcodes tell.
    pub postcode_regions: Vec<PostcodeRegion>,
    /// The shop's rules.
    pub shop: ShopSpec,
    /// Shipping methods with per-zone transit times.
    pub methods: Vec<Method>,
}

/// Why bytes could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not an encoded calendar section.
    BadMagic,
    /// Written by a newer or older format.
    UnsupportedVersion(u8),
    /// Input ended in the middle of a value.
    Truncated,
    /// A number too large for its field, or a count larger than the bytes left.
    Overflow,
    /// A string that is not UTF-8.
    BadUtf8,
    /// Well-formed bytes describing invalid rules (named for debugging).
    Invalid(&'static str),
    /// Bytes left after the last section.
    TrailingBytes,
}

impl core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DecodeError::BadMagic => f.write_str("not a delivery calendar"),
            DecodeError::UnsupportedVersion(v) => write!(f, "unsupported calendar version {v}"),
            DecodeError::Truncated => f.write_str("calendar data truncated"),
            DecodeError::Overflow => f.write_str("calendar value out of range"),
            DecodeError::BadUtf8 => f.write_str("calendar string not UTF-8"),
            DecodeError::Invalid(what) => write!(f, "invalid calendar data: {what}"),
            DecodeError::TrailingBytes => f.write_str("trailing bytes after calendar"),
        }
    }
}

impl std::error::Error for DecodeError {}

// ---------------------------------------------------------------- writing

struct Writer(Vec<u8>);

impl Writer {
    fn uvar(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn ivar(&mut self, v: i64) {
        self.uvar(((v << 1) ^ (v >> 63)) as u64);
    }
    fn len(&mut self, n: usize) {
        self.uvar(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        v.iter().for_each(|s| self.str(s));
    }
    /// Sorted unique dates as first value + (gap - 1) deltas, so strictly increasing by
    /// construction on decode; the first value counts from `origin` (the window's first
    /// day for calendars, so it takes a byte or two).
    fn dates_from(&mut self, v: &[Date], origin: i32) {
        self.len(v.len());
        let mut prev: Option<Date> = None;
        for &d in v {
            match prev {
                None => self.ivar(i64::from(d.0) - i64::from(origin)),
                Some(p) => self.uvar((i64::from(d.0) - i64::from(p.0) - 1) as u64),
            }
            prev = Some(d);
        }
    }
}

impl DeliveryData {
    /// Deterministic encoding (same value → same bytes), for content-hashed bundles.
    ///
    /// Expects the invariants [`DeliveryData::decode`] checks (sorted unique holiday
    /// lists, closures with first ≤ last); otherwise the bytes will not decode.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(&MAGIC);
        w.0.push(VERSION);

        let e = self.tz.entries();
        w.len(e.len());
        let mut prev = None;
        for &(t, off) in e {
            match prev {
                None => w.ivar(t),
                Some(p) => w.uvar((t - p) as u64),
            }
            w.ivar(i64::from(off));
            prev = Some(t);
        }
        w.uvar((self.tz.end() - prev.unwrap_or(0)) as u64);
        let origin = self.origin();

        // Codes front-coded against the previous one (sorted lists share their country);
        // each list either whole or as its difference from an earlier calendar, named by
        // how far back it is.
        w.len(self.regions.len());
        let mut last = "";
        for (i, r) in self.regions.iter().enumerate() {
            let shared = common_prefix(last, &r.code);
            w.len(shared);
            w.str(&r.code[shared..]);
            last = &r.code;
            match delta_base(&self.regions[..i], r) {
                Some((j, add, remove)) => {
                    w.len(i - j);
                    w.dates_from(&add, origin);
                    w.dates_from(&remove, origin);
                }
                None => {
                    w.len(0);
                    w.dates_from(&r.holidays, origin);
                }
            }
        }
        w.len(self.postcode_regions.len());
        for p in &self.postcode_regions {
            w.str(&p.country);
            w.str(&p.first);
            w.str(&p.last);
            w.str(&p.region);
        }

        let s = &self.shop;
        w.str(&s.region);
        w.uvar(u64::from(s.cutoff_minutes));
        w.0.push(s.working_days.bits());
        w.len(s.closures.len());
        for &(a, b) in &s.closures {
            w.ivar(i64::from(a.0));
            w.uvar((i64::from(b.0) - i64::from(a.0)) as u64);
        }
        w.uvar(u64::from(s.handling.min));
        w.uvar(u64::from(s.handling.max));

        w.len(self.methods.len());
        for m in &self.methods {
            w.str(&m.name);
            w.0.push(m.delivery_days.bits());
            w.str(&m.carrier);
            w.len(m.rates.len());
            for r in &m.rates {
                w.strs(&r.zone.countries);
                w.strs(&r.zone.regions);
                w.strs(&r.zone.postcode_prefixes);
                w.len(r.zone.postcode_ranges.len());
                for (lo, hi) in &r.zone.postcode_ranges {
                    w.str(lo);
                    w.str(hi);
                }
                w.uvar(u64::from(r.transit_min));
                w.uvar(u64::from(r.transit_max));
                match &r.holidays {
                    None => w.0.push(0),
                    Some(h) => {
                        w.0.push(1);
                        w.str(h.region.as_deref().unwrap_or(""));
                        w.dates_from(&h.add, origin);
                        w.dates_from(&h.remove, origin);
                    }
                }
            }
        }
        w.0
    }
}

/// Bytes `a` and `b` share at their start, ending on a character boundary of both.
fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&k| b.is_char_boundary(k)).unwrap_or(0)
}

/// The country a calendar code is about (`CA` for `CA-ON` and `canada-post:CA-ON`).
fn country_part(code: &str) -> &str {
    let region = code.rsplit(':').next().unwrap_or(code);
    region.split('-').next().unwrap_or(region)
}

/// The earlier calendar of the same country that `cal` differs least from, with the dates
/// to add and remove, when storing the difference is shorter than the list itself.
fn delta_base(
    earlier: &[RegionCalendar],
    cal: &RegionCalendar,
) -> Option<(usize, Vec<Date>, Vec<Date>)> {
    let country = country_part(&cal.code);
    let mut best: Option<(usize, Vec<Date>, Vec<Date>)> = None;
    for (j, b) in earlier.iter().enumerate() {
        if country_part(&b.code) != country {
            continue;
        }
        let add: Vec<Date> = cal
            .holidays
            .iter()
            .filter(|d| b.holidays.binary_search(d).is_err())
            .copied()
            .collect();
        let remove: Vec<Date> = b
            .holidays
            .iter()
            .filter(|d| cal.holidays.binary_search(d).is_err())
            .copied()
            .collect();
        let size = add.len() + remove.len();
        if best
            .as_ref()
            .is_none_or(|(_, a, r)| size < a.len() + r.len())
        {
            best = Some((j, add, remove));
        }
    }
    best.filter(|(_, a, r)| a.len() + r.len() < cal.holidays.len())
}

fn origin_of(tz: &TzTable) -> i32 {
    i32::try_from(tz.start().div_euclid(86_400)).unwrap_or(0)
}

// ---------------------------------------------------------------- reading

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    fn u8(&mut self) -> Result<u8, DecodeError> {
        let b = *self.buf.get(self.pos).ok_or(DecodeError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.remaining() {
            return Err(DecodeError::Truncated);
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn uvar(&mut self) -> Result<u64, DecodeError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(DecodeError::Overflow);
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(DecodeError::Overflow)
    }
    fn ivar(&mut self) -> Result<i64, DecodeError> {
        let u = self.uvar()?;
        Ok((u >> 1) as i64 ^ -((u & 1) as i64))
    }
    fn u16(&mut self) -> Result<u16, DecodeError> {
        u16::try_from(self.uvar()?).map_err(|_| DecodeError::Overflow)
    }
    fn i32(&mut self) -> Result<i32, DecodeError> {
        i32::try_from(self.ivar()?).map_err(|_| DecodeError::Overflow)
    }
    /// A count of items each at least `min_size` bytes: rejected before any allocation
    /// if the rest of the input could not possibly hold them.
    fn count(&mut self, min_size: usize) -> Result<usize, DecodeError> {
        let n = usize::try_from(self.uvar()?).map_err(|_| DecodeError::Overflow)?;
        if n.checked_mul(min_size)
            .is_none_or(|need| need > self.remaining())
        {
            return Err(DecodeError::Overflow);
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, DecodeError> {
        let n = self.count(1)?;
        let b = self.bytes(n)?;
        core::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| DecodeError::BadUtf8)
    }
    fn strs(&mut self) -> Result<Vec<String>, DecodeError> {
        let n = self.count(1)?;
        (0..n).map(|_| self.str()).collect()
    }
    fn weekdays(&mut self) -> Result<WeekdaySet, DecodeError> {
        WeekdaySet::from_bits(self.u8()?).ok_or(DecodeError::Invalid("weekday set"))
    }
    fn date_offset(base: Date, delta: u64) -> Result<Date, DecodeError> {
        let d = i64::from(base.0)
            .checked_add(i64::try_from(delta).map_err(|_| DecodeError::Overflow)?)
            .ok_or(DecodeError::Overflow)?;
        Ok(Date(i32::try_from(d).map_err(|_| DecodeError::Overflow)?))
    }
    fn dates(&mut self, origin: i32) -> Result<Vec<Date>, DecodeError> {
        let n = self.count(1)?;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let d = if i == 0 {
                let v = i64::from(origin)
                    .checked_add(self.ivar()?)
                    .ok_or(DecodeError::Overflow)?;
                Date(i32::try_from(v).map_err(|_| DecodeError::Overflow)?)
            } else {
                let gap = self.uvar()?.checked_add(1).ok_or(DecodeError::Overflow)?;
                Self::date_offset(out[i - 1], gap)?
            };
            out.push(d);
        }
        Ok(out)
    }
}

impl DeliveryData {
    /// Decodes and validates; never panics and never allocates more than a small
    /// multiple of `bytes.len()`.
    pub fn decode(bytes: &[u8]) -> Result<DeliveryData, DecodeError> {
        let mut r = Reader { buf: bytes, pos: 0 };
        if r.bytes(4).map_err(|_| DecodeError::BadMagic)? != MAGIC {
            return Err(DecodeError::BadMagic);
        }
        let v = r.u8()?;
        if v != VERSION {
            return Err(DecodeError::UnsupportedVersion(v));
        }

        let n = r.count(2)?;
        let mut entries = Vec::with_capacity(n);
        let mut prev: Option<i64> = None;
        for _ in 0..n {
            let t = match prev {
                None => r.ivar()?,
                Some(p) => {
                    let d = i64::try_from(r.uvar()?).map_err(|_| DecodeError::Overflow)?;
                    p.checked_add(d).ok_or(DecodeError::Overflow)?
                }
            };
            entries.push((t, r.i32()?));
            prev = Some(t);
        }
        let end_delta = i64::try_from(r.uvar()?).map_err(|_| DecodeError::Overflow)?;
        let end = prev
            .unwrap_or(0)
            .checked_add(end_delta)
            .ok_or(DecodeError::Overflow)?;
        let tz = TzTable::new(entries, end).map_err(|_| DecodeError::Invalid("time zone table"))?;
        let origin = origin_of(&tz);

        let n = r.count(3)?;
        let mut regions: Vec<RegionCalendar> = Vec::with_capacity(n);
        // Lists rebuilt from differences copy their base: capped so a hostile section of a
        // few bytes cannot make the widget build millions of dates.
        let mut budget = bytes.len().saturating_mul(32).saturating_add(4096);
        for i in 0..n {
            let shared = usize::try_from(r.uvar()?).map_err(|_| DecodeError::Overflow)?;
            let prev = regions.last().map_or("", |c| c.code.as_str());
            let head = prev
                .get(..shared)
                .ok_or(DecodeError::Invalid("calendar code"))?;
            // Built by hand: `format!` would link the formatting machinery into the widget.
            let mut code = String::from(head);
            code.push_str(&r.str()?);
            let back = usize::try_from(r.uvar()?).map_err(|_| DecodeError::Overflow)?;
            let holidays = if back == 0 {
                r.dates(origin)?
            } else {
                let b = i
                    .checked_sub(back)
                    .and_then(|j| regions.get(j))
                    .ok_or(DecodeError::Invalid("calendar base"))?;
                let (add, remove) = (r.dates(origin)?, r.dates(origin)?);
                budget = budget
                    .checked_sub(b.holidays.len() + add.len())
                    .ok_or(DecodeError::Overflow)?;
                let mut v: Vec<Date> = b
                    .holidays
                    .iter()
                    .filter(|d| remove.binary_search(d).is_err())
                    .copied()
                    .collect();
                for d in add {
                    if let Err(i) = v.binary_search(&d) {
                        v.insert(i, d);
                    }
                }
                v
            };
            regions.push(RegionCalendar { code, holidays });
        }
        let n = r.count(4)?;
        let mut postcode_regions = Vec::with_capacity(n);
        for _ in 0..n {
            postcode_regions.push(PostcodeRegion {
                country: r.str()?,
                first: r.str()?,
                last: r.str()?,
                region: r.str()?,
            });
        }

        let region = r.str()?;
        let cutoff_minutes = r.u16()?;
        if cutoff_minutes > 1440 {
            return Err(DecodeError::Invalid("cutoff"));
        }
        let working_days = r.weekdays()?;
        let n = r.count(2)?;
        let mut closures = Vec::with_capacity(n);
        for _ in 0..n {
            let a = Date(r.i32()?);
            let b = Reader::date_offset(a, r.uvar()?)?;
            closures.push((a, b));
        }
        let handling = Handling {
            min: r.u16()?,
            max: r.u16()?,
        };
        if handling.min > handling.max {
            return Err(DecodeError::Invalid("handling range"));
        }
        let shop = ShopSpec {
            region,
            cutoff_minutes,
            working_days,
            closures,
            handling,
        };

        let n = r.count(4)?;
        let mut methods = Vec::with_capacity(n);
        for _ in 0..n {
            let name = r.str()?;
            let delivery_days = r.weekdays()?;
            let carrier = r.str()?;
            let k = r.count(7)?;
            let mut rates = Vec::with_capacity(k);
            for _ in 0..k {
                let countries = r.strs()?;
                let regions = r.strs()?;
                let postcode_prefixes = r.strs()?;
                let m = r.count(2)?;
                let mut postcode_ranges = Vec::with_capacity(m);
                for _ in 0..m {
                    postcode_ranges.push((r.str()?, r.str()?));
                }
                let zone = Zone {
                    countries,
                    regions,
                    postcode_prefixes,
                    postcode_ranges,
                };
                let (transit_min, transit_max) = (r.u16()?, r.u16()?);
                if transit_min > transit_max {
                    return Err(DecodeError::Invalid("transit range"));
                }
                let holidays = match r.u8()? {
                    0 => None,
                    1 => {
                        let region = r.str()?;
                        Some(ZoneHolidays {
                            region: (!region.is_empty()).then_some(region),
                            add: r.dates(origin)?,
                            remove: r.dates(origin)?,
                        })
                    }
                    _ => return Err(DecodeError::Invalid("zone holidays flag")),
                };
                rates.push(ZoneRate {
                    zone,
                    transit_min,
                    transit_max,
                    holidays,
                });
            }
            methods.push(Method {
                name,
                delivery_days,
                carrier,
                rates,
            });
        }

        if r.remaining() != 0 {
            return Err(DecodeError::TrailingBytes);
        }
        Ok(DeliveryData {
            tz,
            regions,
            postcode_regions,
            shop,
            methods,
        })
    }

    /// The day dates in calendars count from: the window's first (UTC) day.
    fn origin(&self) -> i32 {
        origin_of(&self.tz)
    }

    /// Holidays for an exact region code.
    pub fn holidays_of(&self, code: &str) -> Option<&[Date]> {
        self.regions
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
            .map(|r| r.holidays.as_slice())
    }

    /// Engine input for the shop (no holidays if its region is missing from the data).
    pub fn shop_rules(&self) -> ShopRules {
        ShopRules {
            tz: self.tz.clone(),
            cutoff_minutes: self.shop.cutoff_minutes,
            working_days: self.shop.working_days,
            holidays: self
                .holidays_of(&self.shop.region)
                .unwrap_or_default()
                .to_vec(),
            closures: self.shop.closures.clone(),
        }
    }

    /// The destination's region: the address's own when it is a subdivision of the
    /// destination country, else the one its postcode lies in (the most specific range),
    /// else none.
    pub fn region_of<'a>(&'a self, dest: &Destination<'a>) -> Option<&'a str> {
        let own = dest.region.filter(|r| {
            r.len() > dest.country.len() + 1
                && r.as_bytes()[dest.country.len()] == b'-'
                && r[..dest.country.len()].eq_ignore_ascii_case(dest.country)
        });
        if own.is_some() {
            return own;
        }
        let pc = normalize(dest.postcode?);
        let mut best: Option<(usize, &str)> = None;
        for p in &self.postcode_regions {
            if p.country.eq_ignore_ascii_case(dest.country) && in_range(&pc, &p.first, &p.last) {
                let score = p.first.len().max(p.last.len());
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, &p.region));
                }
            }
        }
        best.map(|(_, r)| r)
    }

    /// The days `method` does not deliver to `dest` in the zone `rate`: the carrier's
    /// calendar for the destination region, else for its country, else the public holidays
    /// of the region, else of the country; the zone's `holidays.region` stands in for the
    /// destination's region, and its added and removed dates apply last.
    pub(crate) fn non_delivery_days(
        &self,
        m: &Method,
        rate: &ZoneRate,
        dest: &Destination<'_>,
    ) -> Vec<Date> {
        let zh = rate.holidays.as_ref();
        let (country, region) = match zh.and_then(|h| h.region.as_deref()) {
            Some(r) => (r.split('-').next().unwrap_or(r), Some(r)),
            None => (dest.country, self.region_of(dest)),
        };
        let mut found = None;
        if !m.carrier.is_empty() {
            let key = |code: &str| {
                let mut k = String::with_capacity(m.carrier.len() + 1 + code.len());
                k.push_str(&m.carrier);
                k.push(':');
                k.push_str(code);
                k
            };
            found = region
                .and_then(|r| self.holidays_of(&key(r)))
                .or_else(|| self.holidays_of(&key(country)));
        }
        let mut days = found
            .or_else(|| region.and_then(|r| self.holidays_of(r)))
            .or_else(|| self.holidays_of(country))
            .unwrap_or_default()
            .to_vec();
        if let Some(h) = zh {
            days.retain(|d| h.remove.binary_search(d).is_err());
            for &d in &h.add {
                if let Err(i) = days.binary_search(&d) {
                    days.insert(i, d);
                }
            }
        }
        days
    }

    /// Engine input for `method` delivering to `dest`: the most specific zone's transit and
    /// the days it does not deliver there. `None` if the method does not exist or no zone
    /// covers `dest`.
    pub fn carrier(&self, method: usize, dest: &Destination<'_>) -> Option<Carrier> {
        let m = self.methods.get(method)?;
        let rate = m.rate_for(dest)?;
        let holidays = self.non_delivery_days(m, rate, dest);
        Some(Carrier {
            transit_min: rate.transit_min,
            transit_max: rate.transit_max,
            delivery_days: m.delivery_days,
            holidays,
        })
    }
}
