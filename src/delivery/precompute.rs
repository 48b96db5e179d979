//! Bundle-build-time helpers (native CLI only): turns IANA zones into [`TzTable`]s so the
//! widget ships a few dozen bytes instead of tzdata.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::date::Date;
use super::tz::{TzError, TzTable};

/// Why a table could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrecomputeError {
    /// Not an IANA zone name chrono-tz knows.
    UnknownZone(String),
    /// `start`/`end` not representable or `end <= start`.
    BadWindow,
    /// Internal consistency failure (should not happen with real zones).
    Table(TzError),
}

impl core::fmt::Display for PrecomputeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PrecomputeError::UnknownZone(z) => write!(f, "unknown IANA time zone {z:?}"),
            PrecomputeError::BadWindow => f.write_str("invalid validity window"),
            PrecomputeError::Table(e) => write!(f, "time zone table: {e}"),
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
    let tz: Tz = zone
        .parse()
        .map_err(|_| PrecomputeError::UnknownZone(zone.to_owned()))?;
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

/// [`tz_table`] for 18 calendar months from `start` (same day and time of day, clamped
/// to the month's length), the window a bundle is built for.
pub fn tz_table_18_months(zone: &str, start: i64) -> Result<TzTable, PrecomputeError> {
    let day = i32::try_from(start.div_euclid(86_400)).map_err(|_| PrecomputeError::BadWindow)?;
    let (y, m, d) = Date(day).ymd();
    let months = i32::from(m) - 1 + 18;
    let (ny, nm) = (y + months / 12, (months % 12) as u8 + 1);
    let nd = d.min(super::date::days_in_month(ny, nm));
    let end_day = Date::from_ymd(ny, nm, nd).ok_or(PrecomputeError::BadWindow)?;
    let end = i64::from(end_day.0) * 86_400 + start.rem_euclid(86_400);
    tz_table(zone, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_767_225_600; // 2026-01-01T00:00Z

    #[test]
    fn agrees_with_chrono_tz() {
        for name in [
            "Europe/London",
            "America/New_York",
            "Australia/Sydney",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
        ] {
            let table = tz_table_18_months(name, START).unwrap();
            let tz: Tz = name.parse().unwrap();
            assert_eq!(table.end(), 1_814_400_000, "2027-07-01T00:00Z");
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

    #[test]
    fn known_transitions_and_errors() {
        let london = tz_table_18_months("Europe/London", START).unwrap();
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
