//! Bundle-build-time helpers (native CLI only): turns IANA zones into [`TzTable`]s so the
//! widget ships a few dozen bytes instead of tzdata.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::date::Date;
use super::holidays::CalendarError;
use super::tz::{TzError, TzTable};

/// Length of a bundle's validity window, in calendar months of the shop's own dates.
pub const WINDOW_MONTHS: i32 = 18;

/// Why a table could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrecomputeError {
    /// Not an IANA zone name chrono-tz knows.
    UnknownZone(String),
    /// `start`/`end` not representable or `end <= start`.
    BadWindow,
    /// Internal consistency failure (should not happen with real zones).
    Table(TzError),
    /// A holiday calendar could not be expanded for the window.
    Calendar(CalendarError),
}

impl core::fmt::Display for PrecomputeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PrecomputeError::UnknownZone(z) => write!(f, "unknown IANA time zone {z:?}"),
            PrecomputeError::BadWindow => f.write_str("invalid validity window"),
            PrecomputeError::Table(e) => write!(f, "time zone table: {e}"),
            PrecomputeError::Calendar(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PrecomputeError {}

/// Step of the coarse scan; real zones never change offset twice within it.
const STEP: i64 = 3600;

fn offset(tz: &Tz, utc: i64) -> Result<i32, PrecomputeError> {
    let dt = DateTime::from_timestamp(utc, 0).ok_or(PrecomputeError::BadWindow)?;
    Ok(tz
        .offset_from_utc_datetime(&dt.naive_utc())
        .fix()
        .local_minus_utc())
}

/// Offsets of IANA zone `zone` over `[start, end)` (UTC seconds): an hourly scan, then a
/// binary search to the exact second of every change.
pub fn tz_table(zone: &str, start: i64, end: i64) -> Result<TzTable, PrecomputeError> {
    let tz = parse_zone(zone)?;
    if end <= start {
        return Err(PrecomputeError::BadWindow);
    }
    let mut entries = vec![(start, offset(&tz, start)?)];
    let mut t = start;
    while t < end {
        let next = (t + STEP).min(end - 1);
        if next <= t {
            break;
        }
        let cur = entries.last().map_or(0, |e| e.1);
        let off = offset(&tz, next)?;
        if off != cur {
            // First instant in (t, next] with the new offset.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(&tz, mid)? == cur {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            entries.push((hi, offset(&tz, hi)?));
        }
        t = next;
    }
    TzTable::new(entries, end).map_err(PrecomputeError::Table)
}

/// `d` plus `months` calendar months, the day clamped to the new month's length.
pub fn add_months(d: Date, months: i32) -> Option<Date> {
    let (y, m, day) = d.ymd();
    let total = i32::from(m) - 1 + months;
    let (ny, nm) = (y + total.div_euclid(12), total.rem_euclid(12) as u8 + 1);
    Date::from_ymd(ny, nm, day.min(super::date::days_in_month(ny, nm)))
}

fn parse_zone(zone: &str) -> Result<Tz, PrecomputeError> {
    zone.parse()
        .map_err(|_| PrecomputeError::UnknownZone(zone.to_owned()))
}

/// The first instant of `date` in `zone`: local midnight, or the end of the gap when a
/// DST change skips midnight (a few zones change then).
pub fn local_midnight(zone: &str, date: Date) -> Result<i64, PrecomputeError> {
    let tz = parse_zone(zone)?;
    let (y, m, d) = date.ymd();
    let naive = chrono::NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d))
        .and_then(|n| n.and_hms_opt(0, 0, 0))
        .ok_or(PrecomputeError::BadWindow)?;
    Ok(match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.timestamp(),
        chrono::LocalResult::Ambiguous(a, _) => a.timestamp(),
        chrono::LocalResult::None => {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
                .ok_or(PrecomputeError::BadWindow)?
                .timestamp()
                .div_euclid(3600)
                * 3600
        }
    })
}

/// A bundle's validity window as shop-local dates: from `valid_from` to the day before the
/// same date [`WINDOW_MONTHS`] later, `(first day, end day exclusive)`.
pub fn window_dates(valid_from: Date) -> Result<(Date, Date), PrecomputeError> {
    let end = add_months(valid_from, WINDOW_MONTHS).ok_or(PrecomputeError::BadWindow)?;
    Ok((valid_from, end))
}

/// The first and last shop-local dates a table's window covers, both inclusive (how
/// `build` and `inspect` report it).
pub fn window_local_dates(tz: &TzTable) -> Option<(Date, Date)> {
    Some((tz.local(tz.start())?.0, tz.local(tz.end() - 1)?.0))
}

/// [`tz_table`] over a bundle's validity window: from local midnight of `valid_from` to
/// local midnight of the end date ([`window_dates`]), in the shop's zone, so the window
/// holds exactly those shop dates whatever the zone's offset.
pub fn tz_table_for_window(zone: &str, valid_from: Date) -> Result<TzTable, PrecomputeError> {
    let (first, end) = window_dates(valid_from)?;
    tz_table(
        zone,
        local_midnight(zone, first)?,
        local_midnight(zone, end)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_767_225_600; // 2026-01-01T00:00Z

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn agrees_with_chrono_tz() {
        for name in [
            "Europe/London",
            "America/New_York",
            "Australia/Sydney",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
        ] {
            let table = tz_table(name, START, 1_814_400_000).unwrap();
            let tz: Tz = name.parse().unwrap();
            for t in (table.start()..table.end()).step_by(900) {
                assert_eq!(
                    table.offset_at(t),
                    Some(offset(&tz, t).unwrap()),
                    "{name} {t}"
                );
            }
            for &(t, off) in &table.entries()[1..] {
                assert_eq!(offset(&tz, t).unwrap(), off);
                assert_ne!(
                    offset(&tz, t - 1).unwrap(),
                    off,
                    "{name}: change exactly at {t}"
                );
            }
        }
    }

    /// The window holds whole shop-local days in every zone: it starts and ends at local
    /// midnight, 18 months apart in the shop's own dates.
    #[test]
    fn window_is_local_dates_in_every_zone() {
        for name in [
            "Europe/Berlin",
            "Europe/London",
            "America/Los_Angeles",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "America/Havana",
            "UTC",
        ] {
            for from in ["2027-03-01", "2026-10-01", "2026-08-31", "2026-11-01"] {
                let t = tz_table_for_window(name, d(from)).unwrap();
                let (first, _) = t.local(t.start()).unwrap();
                let (last, minute) = t.local(t.end() - 1).unwrap();
                assert_eq!(
                    (first, t.local(t.start()).unwrap().1),
                    (d(from), 0),
                    "{name} {from}"
                );
                assert_eq!(
                    minute,
                    23 * 60 + 59,
                    "{name} {from}: ends at local midnight"
                );
                let end = add_months(d(from), 18).unwrap();
                assert_eq!(last, end.add_days(-1), "{name} {from}");
            }
        }
        // The cases that were short: Berlin from 1 March 2027 runs to 31 August 2028
        // inclusive, London from 1 October 2026 to 31 March 2028.
        let berlin = tz_table_for_window("Europe/Berlin", d("2027-03-01")).unwrap();
        assert_eq!(berlin.end(), 1_851_372_000, "2028-08-31T22:00:00Z");
        let london = tz_table_for_window("Europe/London", d("2026-10-01")).unwrap();
        assert_eq!(london.end(), 1_838_156_400, "2028-03-31T23:00:00Z");
        assert_eq!(add_months(d("2026-08-31"), 18), Some(d("2028-02-29")));
        assert_eq!(add_months(d("2026-12-15"), 1), Some(d("2027-01-15")));
    }

    #[test]
    fn known_transitions_and_errors() {
        let london = tz_table(
            "Europe/London",
            START,
            local_midnight("Europe/London", d("2027-07-01")).unwrap(),
        )
        .unwrap();
        let changes: Vec<i64> = london.entries()[1..].iter().map(|e| e.0).collect();
        // 2026-03-29T01:00Z, 2026-10-25T01:00Z, 2027-03-28T01:00Z.
        assert_eq!(changes, [1_774_746_000, 1_792_890_000, 1_806_195_600]);
        assert_eq!(
            tz_table("Mars/Olympus", START, START + 1),
            Err(PrecomputeError::UnknownZone("Mars/Olympus".into()))
        );
        assert_eq!(
            tz_table("UTC", START, START),
            Err(PrecomputeError::BadWindow)
        );
        assert_eq!(
            tz_table("UTC", START, START + 10).unwrap().entries(),
            &[(START, 0)]
        );
    }
}
