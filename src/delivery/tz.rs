//! UTC-offset tables precomputed from the IANA database, so the widget needs no tzdata.

use super::date::Date;

const DAY: i64 = 86_400;

/// Why a [`TzTable`] could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TzError {
    /// No entries at all.
    Empty,
    /// Transition instants not strictly increasing, or the window end not after the last.
    Unsorted,
    /// An offset beyond ±26 h (no real zone has one; guards arithmetic).
    BadOffset,
}

impl core::fmt::Display for TzError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            TzError::Empty => "time zone table has no entries",
            TzError::Unsorted => "time zone transitions are not strictly increasing",
            TzError::BadOffset => "time zone offset out of range",
        })
    }
}

impl std::error::Error for TzError {}

/// A zone's UTC offsets over a validity window `[start, end)`.
///
/// `entries[i] = (utc_seconds, offset_seconds)`: the offset in force from that instant
/// until the next entry; `entries[0].0` is the window start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TzTable {
    entries: Vec<(i64, i32)>,
    end: i64,
}

const MAX_OFFSET: i32 = 26 * 3600;

impl TzTable {
    /// Validates and builds a table; the invariants let lookups stay panic-free.
    pub fn new(entries: Vec<(i64, i32)>, end: i64) -> Result<TzTable, TzError> {
        let last = entries.last().ok_or(TzError::Empty)?.0;
        if entries.windows(2).any(|w| w[0].0 >= w[1].0) || end <= last {
            return Err(TzError::Unsorted);
        }
        // Keep instants far from i64 limits so `utc ± offset ± day` never overflows.
        let lim = i64::MAX / 4;
        if entries
            .iter()
            .any(|&(t, o)| o.abs() > MAX_OFFSET || t.abs() > lim)
            || end > lim
        {
            return Err(TzError::BadOffset);
        }
        Ok(TzTable { entries, end })
    }

    /// A fixed-offset zone valid over `[start, end)` (tests, and zones without DST).
    pub fn fixed(offset_seconds: i32, start: i64, end: i64) -> Result<TzTable, TzError> {
        TzTable::new(vec![(start, offset_seconds)], end)
    }

    /// The `(utc_seconds, offset_seconds)` entries.
    pub fn entries(&self) -> &[(i64, i32)] {
        &self.entries
    }

    /// First instant of the window.
    pub fn start(&self) -> i64 {
        self.entries[0].0
    }

    /// End of the window (exclusive).
    pub fn end(&self) -> i64 {
        self.end
    }

    /// UTC offset at `utc`, or `None` outside the window.
    pub fn offset_at(&self, utc: i64) -> Option<i32> {
        if utc < self.start() || utc >= self.end {
            return None;
        }
        let i = self.entries.partition_point(|&(t, _)| t <= utc);
        Some(self.entries[i - 1].1)
    }

    /// Seconds since the local epoch (local date × 86400 + second of day).
    fn local_seconds(&self, utc: i64) -> Option<i64> {
        Some(utc + i64::from(self.offset_at(utc)?))
    }

    /// Local date and minute of day at `utc`, or `None` outside the window.
    pub fn local(&self, utc: i64) -> Option<(Date, u16)> {
        let l = self.local_seconds(utc)?;
        let date = Date(i32::try_from(l.div_euclid(DAY)).ok()?);
        Some((date, (l.rem_euclid(DAY) / 60) as u16))
    }

    /// The instant the wall clock first reads `minutes` on `date`: the earliest instant
    /// whose local time is at or after it on that date.
    ///
    /// So in a fall-back overlap the first occurrence wins, and a time skipped by a
    /// spring-forward gap maps to the transition instant — exactly where "local time is
    /// before the cutoff" stops being true. `None` if that instant is outside the window.
    pub fn utc_of_local(&self, date: Date, minutes: u16) -> Option<i64> {
        let target = i64::from(date.0) * DAY + i64::from(minutes) * 60;
        // Local time rises within each segment and jumps at transitions, so the first
        // segment whose local range reaches `target` holds the answer.
        for (i, &(start, off)) in self.entries.iter().enumerate() {
            let end = self.entries.get(i + 1).map_or(self.end, |e| e.0);
            let off = i64::from(off);
            if target < start + off {
                // Before the window start the answer is unknown; at a later segment the
                // clock jumped over `target`, so the transition itself is the instant.
                return (i > 0).then_some(start);
            }
            if target < end + off {
                return Some(target - off);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Europe/London 2027: BST from 2027-03-28T01:00Z to 2027-10-31T01:00Z.
    fn london() -> TzTable {
        TzTable::new(
            vec![
                (1_798_761_600, 0),
                (1_806_195_600, 3600),
                (1_824_944_400, 0),
            ],
            1_830_297_600,
        )
        .unwrap()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn validation() {
        assert_eq!(TzTable::new(vec![], 0), Err(TzError::Empty));
        assert_eq!(
            TzTable::new(vec![(5, 0), (5, 0)], 9),
            Err(TzError::Unsorted)
        );
        assert_eq!(TzTable::new(vec![(5, 0)], 5), Err(TzError::Unsorted));
        assert_eq!(TzTable::new(vec![(5, 200_000)], 9), Err(TzError::BadOffset));
    }

    #[test]
    fn lookup_and_window() {
        let z = london();
        assert_eq!(z.local(1_798_761_599), None);
        assert_eq!(z.local(1_830_297_600), None);
        // 2027-03-28T00:59:59Z is 00:59 GMT; 01:00Z is 02:00 BST.
        assert_eq!(z.local(1_806_195_599), Some((d("2027-03-28"), 59)));
        assert_eq!(z.local(1_806_195_600), Some((d("2027-03-28"), 120)));
    }

    #[test]
    fn gap_and_overlap() {
        let z = london();
        // 01:30 on 2027-03-28 does not exist: maps to the transition (01:00Z).
        assert_eq!(z.utc_of_local(d("2027-03-28"), 90), Some(1_806_195_600));
        // 02:00 exists once (BST) = 01:00Z; 00:30 exists (GMT).
        assert_eq!(z.utc_of_local(d("2027-03-28"), 120), Some(1_806_195_600));
        assert_eq!(
            z.utc_of_local(d("2027-03-28"), 30),
            Some(1_806_195_600 - 1800)
        );
        // 01:30 on 2027-10-31 happens twice: first (BST) = 00:30Z.
        assert_eq!(
            z.utc_of_local(d("2027-10-31"), 90),
            Some(1_824_944_400 - 1800)
        );
        assert_eq!(
            z.utc_of_local(d("2027-10-31"), 150),
            Some(1_824_944_400 + 5400)
        );
        // Plain summer day.
        assert_eq!(
            z.utc_of_local(d("2027-07-01"), 14 * 60),
            Some(1_814_400_000 + 13 * 3600)
        );
        // Outside the window.
        assert_eq!(z.utc_of_local(d("2026-12-31"), 600), None);
    }

    #[test]
    fn round_trip_every_minute_near_transitions() {
        let z = london();
        for base in [1_806_195_600i64, 1_824_944_400] {
            for t in (base - 4 * 3600..base + 4 * 3600).step_by(60) {
                let (date, m) = z.local(t).unwrap();
                let back = z.utc_of_local(date, m).unwrap();
                assert!(back <= t, "{t}");
                assert_eq!(z.local(back).unwrap(), (date, m));
            }
        }
    }
}
