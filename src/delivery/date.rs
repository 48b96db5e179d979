//! Calendar dates as a day count, so the engine does cheap integer arithmetic and
//! the wasm build carries no date library.

use core::fmt;

/// A proleptic-Gregorian calendar date, stored as days since 1970-01-01.
///
/// A plain day count keeps comparisons, hashing and the codec trivial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

/// Day of the week; `Mon = 0` matches ISO 8601 and the `WeekdaySet` bit order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Weekday {
    Mon = 0,
    Tue = 1,
    Wed = 2,
    Thu = 3,
    Fri = 4,
    Sat = 5,
    Sun = 6,
}

impl Weekday {
    /// All weekdays in ISO order, for iteration without allocation.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// ISO index, `Mon = 0 .. Sun = 6`.
    pub const fn index(self) -> u8 {
        self as u8
    }

    /// Inverse of [`Weekday::index`] (taken modulo 7 so it cannot fail).
    pub const fn from_index(i: u8) -> Weekday {
        Weekday::ALL[(i % 7) as usize]
    }

    /// English three-letter name, used by tests and debug output.
    pub const fn short_name(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

/// Error returned by [`Date::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseDateError;

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a valid date as YYYY-MM-DD")
    }
}

impl std::error::Error for ParseDateError {}

/// Whether `y` is a Gregorian leap year.
pub const fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in month `m` (1..=12) of year `y`; 0 for an invalid month.
pub const fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// 1970-01-01.
    pub const EPOCH: Date = Date(0);

    /// Builds a date from civil fields, or `None` if they do not name a real day.
    ///
    /// Howard Hinnant's `days_from_civil`, valid for the whole `i32` year range we accept.
    pub const fn from_ymd(y: i32, m: u8, d: u8) -> Option<Date> {
        if m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        // Keep the intermediate arithmetic in i64 so extreme years cannot overflow.
        if y < -1_000_000 || y > 1_000_000 {
            return None;
        }
        let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
        let era = (if y >= 0 { y } else { y - 399 }) / 400;
        let yoe = y - era * 400;
        let m = m as i64;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date((era * 146_097 + doe - 719_468) as i32))
    }

    /// Civil `(year, month, day)`; Howard Hinnant's `civil_from_days`.
    pub const fn ymd(self) -> (i32, u8, u8) {
        let z = self.0 as i64 + 719_468;
        let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
        let y = if m <= 2 { y + 1 } else { y };
        (y as i32, m, d)
    }

    /// Calendar year.
    pub const fn year(self) -> i32 {
        self.ymd().0
    }

    /// Day of the week (1970-01-01 was a Thursday).
    pub const fn weekday(self) -> Weekday {
        Weekday::from_index((self.0 as i64 + 3).rem_euclid(7) as u8)
    }

    /// The date `n` days later (earlier for negative `n`); saturates instead of overflowing.
    pub const fn add_days(self, n: i32) -> Date {
        Date(self.0.saturating_add(n))
    }

    /// The following day.
    pub const fn succ(self) -> Date {
        self.add_days(1)
    }

    /// Parses strict `YYYY-MM-DD` (four-digit year), the only form rules files use.
    pub fn parse(s: &str) -> Result<Date, ParseDateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(ParseDateError);
        }
        let num = |r: core::ops::Range<usize>| -> Result<u32, ParseDateError> {
            b[r].iter().try_fold(0u32, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u32::from(c - b'0'))
                } else {
                    Err(ParseDateError)
                }
            })
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd(y as i32, m as u8, d as u8).ok_or(ParseDateError)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD` (years outside 0..=9999 are printed with their natural width).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl core::str::FromStr for Date {
    type Err = ParseDateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

/// A set of weekdays as a 7-bit mask (bit 0 = Monday), the compact form the codec stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WeekdaySet(u8);

impl WeekdaySet {
    /// No days.
    pub const EMPTY: WeekdaySet = WeekdaySet(0);
    /// Monday to Friday, the default for shops and carriers.
    pub const MON_FRI: WeekdaySet = WeekdaySet(0b001_1111);
    /// Monday to Saturday, for carriers that deliver on Saturdays.
    pub const MON_SAT: WeekdaySet = WeekdaySet(0b011_1111);
    /// Every day.
    pub const ALL: WeekdaySet = WeekdaySet(0b111_1111);

    /// From a raw mask; `None` if bits above Sunday are set (rejects corrupt data).
    pub const fn from_bits(bits: u8) -> Option<WeekdaySet> {
        if bits & 0x80 != 0 {
            None
        } else {
            Some(WeekdaySet(bits))
        }
    }

    /// The raw 7-bit mask.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether `d` is in the set.
    pub const fn contains(self, d: Weekday) -> bool {
        self.0 & (1 << d as u8) != 0
    }

    /// The set with `d` added.
    pub const fn with(self, d: Weekday) -> WeekdaySet {
        WeekdaySet(self.0 | (1 << d as u8))
    }

    /// Whether no weekday is in the set (no date can ever qualify).
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Default for WeekdaySet {
    fn default() -> Self {
        WeekdaySet::MON_FRI
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date(0).weekday(), Weekday::Thu);
        let d = Date::parse("2026-12-07").unwrap();
        assert_eq!(d.weekday(), Weekday::Mon);
        assert_eq!(d.to_string(), "2026-12-07");
        assert_eq!(Date::parse("2000-02-29").unwrap().ymd(), (2000, 2, 29));
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-1-01").is_err());
        assert!(Date::parse("+026-01-01").is_err());
        assert_eq!(Date::from_ymd(1969, 12, 31), Some(Date(-1)));
        assert_eq!(Date(-1).weekday(), Weekday::Wed);
    }

    #[test]
    fn round_trip_range() {
        for n in -800_000..800_000 {
            let d = Date(n);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d));
        }
    }
}
