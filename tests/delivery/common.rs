use std::sync::OnceLock;

use shop_answers::delivery::holidays::holidays_between;
use shop_answers::delivery::precompute::tz_table;
use shop_answers::delivery::{Date, TzTable};

/// 2026-01-01T00:00Z .. 2028-07-01T00:00Z: covers every example and property range.
pub const WINDOW_START: i64 = 1_767_225_600;
pub const WINDOW_END: i64 = 1_846_108_800;

pub fn zone(name: &str) -> TzTable {
    static CACHE: OnceLock<Vec<(String, TzTable)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        [
            "America/New_York",
            "America/Los_Angeles",
            "Europe/Berlin",
            "Europe/London",
            "Europe/Amsterdam",
            "Australia/Sydney",
        ]
        .iter()
        .map(|z| {
            (
                z.to_string(),
                tz_table(z, WINDOW_START, WINDOW_END).unwrap(),
            )
        })
        .collect()
    });
    cache.iter().find(|(n, _)| n == name).unwrap().1.clone()
}

pub fn region_holidays(code: &str) -> Vec<Date> {
    holidays_between(
        code,
        Date::parse("2025-01-01").unwrap(),
        Date::parse("2029-12-31").unwrap(),
    )
    .unwrap()
    .unwrap()
}

pub fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}
