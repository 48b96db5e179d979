//! Property tests of the engine's invariants.

use proptest::prelude::*;
use shop_answers::delivery::{
    estimate, Carrier, Date, Handling, ProductOverride, ShopRules, WeekdaySet,
};

use crate::common::{d, region_holidays, zone};

const SHOPS: [(&str, &str); 3] = [
    ("Europe/London", "GB-ENG"),
    ("America/New_York", "US"),
    ("Australia/Sydney", "AU-NSW"),
];
const DESTS: [&str; 9] = [
    "US", "CA", "GB-ENG", "GB-SCT", "DE-BY", "FR", "NL", "AU-NSW", "AU-VIC",
];

/// 2026-01-02 .. 2027-10-01 in UTC seconds: orders the window (to mid-2028) can serve.
const NOW_MIN: i64 = 1_767_312_000;
const NOW_MAX: i64 = 1_822_435_200;

#[derive(Clone, Debug)]
struct Scenario {
    shop: ShopRules,
    carrier: Carrier,
    handling: Handling,
    product: Option<ProductOverride>,
}

fn day(offset: i32) -> Date {
    d("2026-01-01").add_days(offset)
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        (
            0..SHOPS.len(),
            0..DESTS.len(),
            0u16..=1440,
            1u8..128,
            1u8..128,
        ),
        (0u16..5, 0u16..5, 0u16..6, 0u16..6),
        prop::collection::vec((0i32..640, 0i32..20), 0..3),
        prop::option::of((0u16..3, prop::option::of(0i32..640))),
    )
        .prop_map(
            |((s, dst, cutoff, wd, cd), (hmin, hx, tmin, tx), closures, product)| {
                let (tz, region) = SHOPS[s];
                Scenario {
                    shop: ShopRules {
                        tz: zone(tz),
                        cutoff_minutes: cutoff,
                        working_days: WeekdaySet::from_bits(wd).unwrap(),
                        holidays: region_holidays(region),
                        closures: closures
                            .into_iter()
                            .map(|(a, n)| (day(a), day(a + n)))
                            .collect(),
                    },
                    carrier: Carrier {
                        transit_min: tmin,
                        transit_max: tmin + tx,
                        delivery_days: WeekdaySet::from_bits(cd).unwrap(),
                        holidays: region_holidays(DESTS[dst]),
                    },
                    handling: Handling {
                        min: hmin,
                        max: hmin + hx,
                    },
                    product: product.map(|(extra, rel)| ProductOverride {
                        extra_handling_days: extra,
                        release_date: rel.map(day),
                    }),
                }
            },
        )
}

fn run(s: &Scenario, now: i64) -> shop_answers::delivery::Estimate {
    estimate(&s.shop, s.handling, &s.carrier, s.product.as_ref(), now).expect("estimate")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn dates_land_on_valid_days(s in scenario(), now in NOW_MIN..NOW_MAX) {
        let e = run(&s, now);
        prop_assert!(e.ship_earliest <= e.ship_latest);
        prop_assert!(e.earliest <= e.latest);
        prop_assert!(e.ship_earliest >= e.order_date_local);
        prop_assert!(s.shop.is_working_day(e.ship_earliest));
        prop_assert!(s.shop.is_working_day(e.ship_latest));
        // Transit 0 means "delivered on the ship date" (DELIVERY.md), whatever day that is.
        if s.carrier.transit_min > 0 {
            prop_assert!(s.carrier.is_carrier_day(e.earliest));
        } else {
            prop_assert_eq!(e.earliest, e.ship_earliest);
        }
        if s.carrier.transit_max > 0 {
            prop_assert!(s.carrier.is_carrier_day(e.latest));
        } else {
            prop_assert_eq!(e.latest, e.ship_latest);
        }
        if let Some(r) = s.product.and_then(|p| p.release_date) {
            prop_assert!(e.ship_earliest >= r);
        }
        if let Some(c) = e.next_cutoff_utc {
            prop_assert!(c > now);
        }
    }

    #[test]
    fn monotone_in_order_time(s in scenario(), now in NOW_MIN..NOW_MAX, later in 0i64..(30 * 86_400)) {
        let a = run(&s, now);
        let b = run(&s, now + later);
        prop_assert!(a.ship_earliest <= b.ship_earliest);
        prop_assert!(a.ship_latest <= b.ship_latest);
        prop_assert!(a.earliest <= b.earliest);
        prop_assert!(a.latest <= b.latest);
    }

    #[test]
    fn promise_constant_until_countdown(s in scenario(), now in NOW_MIN..NOW_MAX, frac in 0.0f64..1.0) {
        let a = run(&s, now);
        if let Some(c) = a.next_cutoff_utc {
            let mid = now + ((c - now) as f64 * frac) as i64;
            let m = run(&s, mid.min(c - 1));
            prop_assert_eq!((m.earliest, m.latest), (a.earliest, a.latest));
            let b = run(&s, c);
            prop_assert!((b.earliest, b.latest) != (a.earliest, a.latest));
        }
    }

    /// One minute before the cutoff is handled that day, at the cutoff the next, on DST
    /// transition days and their neighbours as well as ordinary days.
    #[test]
    fn cutoff_boundary_exact(z in 0..SHOPS.len(), pick in 0usize..64, shift in -1i32..=1, cutoff in 60u16..=1440) {
        let tz = zone(SHOPS[z].0);
        // Local dates of every offset change in the window, plus ordinary days.
        let mut days: Vec<Date> = tz.entries()[1..].iter().map(|&(t, _)| tz.local(t).unwrap().0).collect();
        days.extend([d("2026-07-15"), d("2027-01-20")]);
        let date = days[pick % days.len()].add_days(shift);
        let shop = ShopRules {
            tz: tz.clone(),
            cutoff_minutes: cutoff,
            working_days: WeekdaySet::ALL,
            holidays: vec![],
            closures: vec![],
        };
        let carrier = Carrier { transit_min: 0, transit_max: 0, delivery_days: WeekdaySet::ALL, holidays: vec![] };
        let c = tz.utc_of_local(date, cutoff).unwrap();
        let before = estimate(&shop, Handling::default(), &carrier, None, c - 60).unwrap();
        let at = estimate(&shop, Handling::default(), &carrier, None, c).unwrap();
        prop_assert_eq!(before.order_date_local, date);
        prop_assert_eq!(before.ship_earliest, date);
        prop_assert_eq!(at.ship_earliest, date.succ());
        prop_assert_eq!(before.next_cutoff_utc, Some(c));
        // The wall clock reads the cutoff at `c`, unless DST skipped that time (then `c`
        // is the jump and the minute before still reads earlier on the same date).
        let (ld, lm) = tz.local(c).unwrap();
        let (bd, bm) = tz.local(c - 60).unwrap();
        if cutoff < 1440 && (ld, lm) != (date, cutoff) {
            prop_assert!(tz.offset_at(c) != tz.offset_at(c - 1));
            prop_assert!(bd == date && bm < cutoff);
        }
    }
}

/// Hand-picked DST weeks: the cutoff instant follows the wall clock.
#[test]
fn cutoff_follows_dst() {
    let cases = [
        // (zone, date, cutoff, expected UTC instant)
        ("Europe/London", "2027-03-26", 15 * 60, "2027-03-26T15:00"),
        ("Europe/London", "2027-03-29", 15 * 60, "2027-03-29T14:00"),
        ("Europe/London", "2027-10-29", 15 * 60, "2027-10-29T14:00"),
        ("Europe/London", "2027-11-01", 15 * 60, "2027-11-01T15:00"),
        (
            "America/New_York",
            "2027-03-12",
            14 * 60,
            "2027-03-12T19:00",
        ),
        (
            "America/New_York",
            "2027-03-15",
            14 * 60,
            "2027-03-15T18:00",
        ),
        (
            "America/New_York",
            "2026-11-02",
            14 * 60,
            "2026-11-02T19:00",
        ),
        (
            "Australia/Sydney",
            "2027-04-02",
            13 * 60,
            "2027-04-02T02:00",
        ),
        (
            "Australia/Sydney",
            "2027-04-05",
            13 * 60,
            "2027-04-05T03:00",
        ),
        (
            "Australia/Sydney",
            "2026-10-05",
            13 * 60,
            "2026-10-05T02:00",
        ),
        // Skipped time maps to the jump; repeated time to its first occurrence.
        ("Europe/London", "2027-03-28", 90, "2027-03-28T01:00"),
        ("Europe/London", "2027-10-31", 90, "2027-10-31T00:30"),
        ("America/New_York", "2026-11-01", 90, "2026-11-01T05:30"),
        ("Australia/Sydney", "2026-10-04", 150, "2026-10-03T16:00"),
    ];
    for (z, date, cutoff, want) in cases {
        let (wd, wt) = want.split_once('T').unwrap();
        let (h, m) = wt.split_once(':').unwrap();
        let want = i64::from(d(wd).0) * 86_400
            + h.parse::<i64>().unwrap() * 3600
            + m.parse::<i64>().unwrap() * 60;
        assert_eq!(
            zone(z).utc_of_local(d(date), cutoff),
            Some(want),
            "{z} {date}"
        );
    }
}

#[test]
fn errors_are_typed() {
    use shop_answers::delivery::EstimateError;
    let mut shop = ShopRules {
        tz: zone("Europe/London"),
        cutoff_minutes: 900,
        working_days: WeekdaySet::EMPTY,
        holidays: vec![],
        closures: vec![],
    };
    let carrier = Carrier {
        transit_min: 1,
        transit_max: 2,
        delivery_days: WeekdaySet::MON_FRI,
        holidays: vec![],
    };
    let now = NOW_MIN;
    assert!(matches!(
        estimate(&shop, Handling::default(), &carrier, None, now),
        Err(EstimateError::NoWorkingDay(_))
    ));
    shop.working_days = WeekdaySet::MON_FRI;
    assert_eq!(
        estimate(&shop, Handling::default(), &carrier, None, 0),
        Err(EstimateError::OutsideWindow)
    );
    assert_eq!(
        estimate(&shop, Handling { min: 2, max: 1 }, &carrier, None, now),
        Err(EstimateError::InvalidInput)
    );
    let none = Carrier {
        delivery_days: WeekdaySet::EMPTY,
        ..carrier.clone()
    };
    assert!(matches!(
        estimate(&shop, Handling::default(), &none, None, now),
        Err(EstimateError::NoCarrierDay(_))
    ));
    // A closure longer than the search bound.
    shop.closures = vec![(d("2026-01-01"), d("2027-06-01"))];
    assert!(matches!(
        estimate(&shop, Handling::default(), &carrier, None, now),
        Err(EstimateError::NoWorkingDay(_))
    ));
    // Release date on a working day before/after cutoff, and in the past.
    shop.closures.clear();
    let p = ProductOverride {
        extra_handling_days: 1,
        release_date: Some(d("2025-01-01")),
    };
    let a = estimate(&shop, Handling::default(), &carrier, Some(&p), now).unwrap();
    let b = estimate(&shop, Handling { min: 1, max: 1 }, &carrier, None, now).unwrap();
    assert_eq!(a, b);
}
