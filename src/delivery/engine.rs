//! The estimate itself: cutoff → day0 → handling → transit, as DELIVERY.md defines them.

use super::date::{Date, WeekdaySet};
use super::tz::TzTable;

/// How far any "next qualifying day" search may look before giving up, so corrupt
/// rules (no working weekday, closures over a whole year) end in an error, not a hang.
pub const MAX_SEARCH_DAYS: i32 = 400;

/// How many later cutoffs to try when looking for the one that changes the promise.
const MAX_COUNTDOWN_STEPS: usize = 31;

/// The shop's side: when it works and when it stops taking same-day orders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopRules {
    /// Offsets of the shop's IANA zone over the validity window.
    pub tz: TzTable,
    /// Wall-clock cutoff in the shop's zone, minutes after midnight (0..=1440;
    /// 1440 means every order placed on a working day is handled that day).
    pub cutoff_minutes: u16,
    /// Weekdays the shop dispatches on.
    pub working_days: WeekdaySet,
    /// Public holidays of the shop's country + region, sorted ascending.
    pub holidays: Vec<Date>,
    /// Owner-listed closures, inclusive `(first, last)` date ranges.
    pub closures: Vec<(Date, Date)>,
}

/// The carrier's side for one destination (transit already picked for its zone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carrier {
    /// Fewest carrier days in transit.
    pub transit_min: u16,
    /// Most carrier days in transit.
    pub transit_max: u16,
    /// Weekdays the carrier delivers on.
    pub delivery_days: WeekdaySet,
    /// Public holidays of the destination country + region, sorted ascending.
    pub holidays: Vec<Date>,
}

/// Handling time range in shop working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Handling {
    /// Fewest shop working days from day0 to dispatch.
    pub min: u16,
    /// Most shop working days from day0 to dispatch.
    pub max: u16,
}

/// Per-product adjustments (made-to-order items, preorders).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ProductOverride {
    /// Added to both ends of the handling range.
    pub extra_handling_days: u16,
    /// Nothing is handled before this date (preorders).
    pub release_date: Option<Date>,
}

/// The promise shown to the shopper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// First possible delivery date (minimum handling and transit).
    pub earliest: Date,
    /// Last expected delivery date (maximum handling and transit); equal to
    /// `earliest` when the promise is a single day.
    pub latest: Date,
    /// Dispatch date with minimum handling.
    pub ship_earliest: Date,
    /// Dispatch date with maximum handling.
    pub ship_latest: Date,
    /// The order instant's date in the shop's zone.
    pub order_date_local: Date,
    /// The next cutoff instant (UTC seconds, after `now`) at which the promise changes,
    /// for the "order within …" countdown; `None` if it is beyond the validity window.
    pub next_cutoff_utc: Option<i64>,
}

/// Why no estimate could be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EstimateError {
    /// `now` is outside the time-zone table's window: the bundle is stale.
    OutsideWindow,
    /// No shop working day within [`MAX_SEARCH_DAYS`] after this date.
    NoWorkingDay(Date),
    /// No carrier day within [`MAX_SEARCH_DAYS`] after this date.
    NoCarrierDay(Date),
    /// A min above its max, or a cutoff beyond 24:00.
    InvalidInput,
}

impl core::fmt::Display for EstimateError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EstimateError::OutsideWindow => f.write_str("order time outside the calendar window"),
            EstimateError::NoWorkingDay(d) => write!(f, "no shop working day found after {d}"),
            EstimateError::NoCarrierDay(d) => write!(f, "no carrier day found after {d}"),
            EstimateError::InvalidInput => f.write_str("invalid delivery rules"),
        }
    }
}

impl std::error::Error for EstimateError {}

impl ShopRules {
    /// Whether the shop dispatches on `d` (working weekday, no holiday, no closure).
    pub fn is_working_day(&self, d: Date) -> bool {
        self.working_days.contains(d.weekday())
            && self.holidays.binary_search(&d).is_err()
            && !self.closures.iter().any(|&(a, b)| a <= d && d <= b)
    }

    /// First shop working day on or after `d`.
    pub fn working_day_on_or_after(&self, d: Date) -> Result<Date, EstimateError> {
        (0..=MAX_SEARCH_DAYS)
            .map(|i| d.add_days(i))
            .find(|&x| self.is_working_day(x))
            .ok_or(EstimateError::NoWorkingDay(d))
    }

    /// `d` advanced by `n` shop working days (`n = 0` gives `d`).
    pub fn add_working_days(&self, d: Date, n: u16) -> Result<Date, EstimateError> {
        (0..n).try_fold(d, |x, _| self.working_day_on_or_after(x.succ()))
    }

    /// day0 for an order at `now` before any release date: today if it is a working
    /// day and `now` is before today's cutoff instant, else the next working day.
    fn base_day0(&self, now: i64) -> Result<(Date, Date), EstimateError> {
        if self.cutoff_minutes > 1440 {
            return Err(EstimateError::InvalidInput);
        }
        let (today, _) = self.tz.local(now).ok_or(EstimateError::OutsideWindow)?;
        let before_cutoff = match self.tz.utc_of_local(today, self.cutoff_minutes) {
            Some(c) => now < c,
            // Cutoff instant outside the window (first/last day): compare wall clocks.
            None => {
                let off = i64::from(self.tz.offset_at(now).unwrap_or(0));
                (now + off).rem_euclid(86_400) < i64::from(self.cutoff_minutes) * 60
            }
        };
        let day0 = if before_cutoff && self.is_working_day(today) {
            today
        } else {
            self.working_day_on_or_after(today.succ())?
        };
        Ok((today, day0))
    }
}

impl Carrier {
    /// Whether the carrier delivers to the destination on `d`.
    pub fn is_carrier_day(&self, d: Date) -> bool {
        self.delivery_days.contains(d.weekday()) && self.holidays.binary_search(&d).is_err()
    }

    /// `d` advanced by `n` carrier days (`n = 0` gives `d`, even if not a carrier day).
    pub fn add_carrier_days(&self, d: Date, n: u16) -> Result<Date, EstimateError> {
        (0..n).try_fold(d, |x, _| {
            (1..=MAX_SEARCH_DAYS)
                .map(|i| x.add_days(i))
                .find(|&y| self.is_carrier_day(y))
                .ok_or(EstimateError::NoCarrierDay(x))
        })
    }
}

/// `[ship_min, ship_max, delivery_min, delivery_max]` for a given day0.
fn dates_from_day0(
    shop: &ShopRules,
    carrier: &Carrier,
    day0: Date,
    hmin: u16,
    hmax: u16,
) -> Result<[Date; 4], EstimateError> {
    let ship_min = shop.add_working_days(day0, hmin)?;
    let ship_max = shop.add_working_days(ship_min, hmax - hmin)?;
    let del_min = carrier.add_carrier_days(ship_min, carrier.transit_min)?;
    let del_max = carrier.add_carrier_days(ship_max, carrier.transit_max)?;
    Ok([ship_min, ship_max, del_min, del_max])
}

/// Computes the delivery promise for an order placed at `now_utc` (Unix seconds).
///
/// Pure: the clock is an argument, so the widget and the tests agree to the second.
pub fn estimate(
    shop: &ShopRules,
    handling: Handling,
    carrier: &Carrier,
    product: Option<&ProductOverride>,
    now_utc: i64,
) -> Result<Estimate, EstimateError> {
    if handling.min > handling.max || carrier.transit_min > carrier.transit_max {
        return Err(EstimateError::InvalidInput);
    }
    let extra = product.map_or(0, |p| p.extra_handling_days);
    let hmin = handling.min.saturating_add(extra);
    let hmax = handling.max.saturating_add(extra);
    let (today, base) = shop.base_day0(now_utc)?;
    let release = match product.and_then(|p| p.release_date) {
        Some(r) if r > base => Some(shop.working_day_on_or_after(r)?),
        _ => None,
    };
    let day0 = release.unwrap_or(base);
    let dates = dates_from_day0(shop, carrier, day0, hmin, hmax)?;

    // The promise only moves when day0 does, i.e. at day0's cutoff; a later day0 can still
    // give the same dates (e.g. a Saturday dispatch with a Mon–Fri carrier), so step on.
    let mut next_cutoff = None;
    let mut d = day0;
    for _ in 0..MAX_COUNTDOWN_STEPS {
        let Some(c) = shop.tz.utc_of_local(d, shop.cutoff_minutes) else {
            break;
        };
        let Ok(next) = shop.working_day_on_or_after(d.succ()) else {
            break;
        };
        match dates_from_day0(shop, carrier, next, hmin, hmax) {
            Ok(n) if n[2..] == dates[2..] => d = next,
            _ => {
                next_cutoff = Some(c);
                break;
            }
        }
    }

    Ok(Estimate {
        earliest: dates[2],
        latest: dates[3],
        ship_earliest: dates[0],
        ship_latest: dates[1],
        order_date_local: today,
        next_cutoff_utc: next_cutoff,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(tz: TzTable, cutoff: u16) -> ShopRules {
        ShopRules {
            tz,
            cutoff_minutes: cutoff,
            working_days: WeekdaySet::ALL,
            holidays: vec![],
            closures: vec![],
        }
    }

    #[test]
    fn cutoff_outside_window_uses_wall_clock() {
        let carrier = Carrier {
            transit_min: 0,
            transit_max: 0,
            delivery_days: WeekdaySet::ALL,
            holidays: vec![],
        };
        // Window starts 10:00 UTC on day 20000; the 09:00 cutoff that day predates it.
        let start = 20_000 * 86_400 + 10 * 3600;
        let s = shop(TzTable::fixed(0, start, start + 86_400).unwrap(), 9 * 60);
        let e = estimate(&s, Handling::default(), &carrier, None, start).unwrap();
        assert_eq!(e.ship_earliest, Date(20_001));
        // Last day: 11:00 cutoff is past the window end; 10:30 is before it.
        let s = shop(
            TzTable::fixed(0, start - 86_400, start + 1800).unwrap(),
            11 * 60,
        );
        let e = estimate(&s, Handling::default(), &carrier, None, start + 1700).unwrap();
        assert_eq!(e.ship_earliest, Date(20_000));
        assert_eq!(e.next_cutoff_utc, None);
    }

    #[test]
    fn cutoff_end_of_day_and_closures() {
        let carrier = Carrier {
            transit_min: 1,
            transit_max: 1,
            delivery_days: WeekdaySet::MON_FRI,
            holidays: vec![],
        };
        let day = 20_000 * 86_400;
        let mut s = shop(
            TzTable::fixed(3600, day - 86_400, day + 30 * 86_400).unwrap(),
            1440,
        );
        // 23:59:59 local is still before a 24:00 cutoff.
        let e = estimate(&s, Handling::default(), &carrier, None, day + 86_400 - 3601).unwrap();
        assert_eq!(e.ship_earliest, Date(20_000));
        // Day 20000 is a Friday: shipping Sat or Sun still arrives Monday, so the promise
        // only changes at Sunday's cutoff (Monday 00:00 local).
        assert_eq!(e.next_cutoff_utc, Some(day + 3 * 86_400 - 3600));
        s.closures = vec![(Date(20_000), Date(20_002))];
        let e = estimate(&s, Handling::default(), &carrier, None, day).unwrap();
        assert_eq!(e.ship_earliest, Date(20_003));
    }
}
