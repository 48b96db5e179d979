//! The worked-examples table of DELIVERY.md, parsed from a verbatim copy of its rows.

use shop_answers::delivery::{
    estimate, Carrier, Date, Handling, ProductOverride, ShopRules, Weekday, WeekdaySet,
};

use crate::common::{d, region_holidays, zone};

const TABLE: &str = "
| before cutoff on a Monday | 2026-12-07T18:59:00Z | America/New_York (US) → US | 14:00 | 1–2 / 2–4 | Thu 10 Dec 2026 – Tue 15 Dec 2026 |
| one minute after cutoff | 2026-12-07T19:00:00Z | America/New_York (US) → US | 14:00 | 1–2 / 2–4 | Fri 11 Dec 2026 – Wed 16 Dec 2026 |
| Thanksgiving week | 2026-11-25T20:00:00Z | America/New_York (US) → US | 14:00 | 1–1 / 1–3 | Tue 1 Dec 2026 – Thu 3 Dec 2026 |
| Christmas and Boxing Day | 2026-12-23T10:30:00Z | Europe/Berlin (DE) → DE | 12:00 | 0–1 / 1–2 | Thu 24 Dec 2026 – Tue 29 Dec 2026 |
| Easter, Saturday carrier | 2027-03-25T14:59:00Z | Europe/London (GB-ENG) → GB-ENG | 15:00 | 1–1 / 1–2, carrier Mon–Sat | Wed 31 Mar 2027 – Thu 1 Apr 2027 |
| DST change weekend, Sunday order | 2027-04-03T23:30:00Z | Australia/Sydney (AU-NSW) → AU-NSW | 13:00 | 1–2 / 2–5 | Thu 8 Apr 2027 – Wed 14 Apr 2027 |
| 23:58 local, shop and buyer in different zones | 2026-12-31T07:58:30Z | America/Los_Angeles (US) → CA | 23:59 | 0–0 / 3–6 | Tue 5 Jan 2027 – Fri 8 Jan 2027 |
| preorder released on a Saturday | 2027-01-04T09:00:00Z | Europe/Amsterdam (NL) → NL | 17:00 | 1–2 / 1–1, release 2027-01-16 | Wed 20 Jan 2027 – Thu 21 Jan 2027 |
";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Thu 10 Dec 2026", the table's rendering.
fn show(x: Date) -> String {
    let (y, m, dd) = x.ymd();
    format!(
        "{} {dd} {} {y}",
        x.weekday().short_name(),
        MONTHS[m as usize - 1]
    )
}

/// `2026-12-07T18:59:00Z` → Unix seconds.
fn instant(s: &str) -> i64 {
    let (date, time) = s.trim_end_matches('Z').split_once('T').unwrap();
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().unwrap()).collect();
    i64::from(d(date).0) * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]
}

fn range(s: &str) -> (u16, u16) {
    let (a, b) = s.trim().split_once('–').unwrap();
    (a.parse().unwrap(), b.parse().unwrap())
}

#[test]
fn worked_examples_exact() {
    let mut rows = 0;
    for line in TABLE.lines().filter(|l| l.starts_with('|')) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (case, at, route, cutoff, times, promise) =
            (cols[1], cols[2], cols[3], cols[4], cols[5], cols[6]);

        let (shop_side, dest) = route.split_once(" → ").unwrap();
        let (tz_name, shop_region) = shop_side.split_once(" (").unwrap();
        let shop_region = shop_region.trim_end_matches(')');
        let (hh, mm) = cutoff.split_once(':').unwrap();
        let cutoff_minutes = hh.parse::<u16>().unwrap() * 60 + mm.parse::<u16>().unwrap();

        let mut parts = times.split(", ");
        let (h, t) = parts.next().unwrap().split_once(" / ").unwrap();
        let (hmin, hmax) = range(h);
        let (tmin, tmax) = range(t);
        let mut delivery_days = WeekdaySet::MON_FRI;
        let mut product = None;
        for extra in parts {
            if extra == "carrier Mon–Sat" {
                delivery_days = WeekdaySet::MON_SAT;
            } else if let Some(r) = extra.strip_prefix("release ") {
                product = Some(ProductOverride {
                    extra_handling_days: 0,
                    release_date: Some(d(r)),
                });
            } else {
                panic!("unknown column text {extra:?}");
            }
        }

        let shop = ShopRules {
            tz: zone(tz_name),
            cutoff_minutes,
            working_days: WeekdaySet::MON_FRI,
            holidays: region_holidays(shop_region),
            closures: vec![],
        };
        let carrier = Carrier {
            transit_min: tmin,
            transit_max: tmax,
            delivery_days,
            holidays: region_holidays(dest),
        };
        let e = estimate(
            &shop,
            Handling {
                min: hmin,
                max: hmax,
            },
            &carrier,
            product.as_ref(),
            instant(at),
        )
        .unwrap_or_else(|err| panic!("{case}: {err}"));
        let got = if e.earliest == e.latest {
            show(e.earliest)
        } else {
            format!("{} – {}", show(e.earliest), show(e.latest))
        };
        assert_eq!(got, promise, "case {case:?}");

        // The weekday names in the table are a check of their own.
        for end in promise.split(" – ") {
            let f: Vec<&str> = end.split(' ').collect();
            let m = MONTHS.iter().position(|x| *x == f[2]).unwrap() as u8 + 1;
            let date = Date::from_ymd(f[3].parse().unwrap(), m, f[1].parse().unwrap()).unwrap();
            assert_eq!(date.weekday().short_name(), f[0], "{case}: {end}");
        }

        // The countdown points at the cutoff that moves the promise, in the future.
        let c = e.next_cutoff_utc.expect("countdown inside window");
        assert!(c > instant(at), "{case}");
        let later = estimate(
            &shop,
            Handling {
                min: hmin,
                max: hmax,
            },
            &carrier,
            product.as_ref(),
            c,
        )
        .unwrap();
        let before = estimate(
            &shop,
            Handling {
                min: hmin,
                max: hmax,
            },
            &carrier,
            product.as_ref(),
            c - 1,
        )
        .unwrap();
        assert_eq!(
            (before.earliest, before.latest),
            (e.earliest, e.latest),
            "{case}"
        );
        assert_ne!(
            (later.earliest, later.latest),
            (e.earliest, e.latest),
            "{case}"
        );
        rows += 1;
    }
    assert_eq!(rows, 8);
}

#[test]
fn example_details() {
    // Row 1: 13:59 EST Monday, countdown to 14:00 EST = 19:00Z.
    let shop = ShopRules {
        tz: zone("America/New_York"),
        cutoff_minutes: 14 * 60,
        working_days: WeekdaySet::MON_FRI,
        holidays: region_holidays("US"),
        closures: vec![],
    };
    let carrier = Carrier {
        transit_min: 2,
        transit_max: 4,
        delivery_days: WeekdaySet::MON_FRI,
        holidays: region_holidays("US"),
    };
    let now = 1_796_669_940; // 2026-12-07T18:59:00Z
    let e = estimate(&shop, Handling { min: 1, max: 2 }, &carrier, None, now).unwrap();
    assert_eq!(e.order_date_local, d("2026-12-07"));
    assert_eq!(e.order_date_local.weekday(), Weekday::Mon);
    assert_eq!(
        (e.ship_earliest, e.ship_latest),
        (d("2026-12-08"), d("2026-12-09"))
    );
    assert_eq!(e.next_cutoff_utc, Some(now + 60));
}

/// The documented rule for cutoffs in the hours DST changes repeat or skip: the cutoff is the
/// first instant the shop's clock shows it. London, cutoff 01:30, every day a working day.
#[test]
fn cutoff_in_repeated_and_skipped_hours() {
    let shop = ShopRules {
        tz: zone("Europe/London"),
        cutoff_minutes: 90,
        working_days: WeekdaySet::ALL,
        holidays: vec![],
        closures: vec![],
    };
    let carrier = Carrier {
        transit_min: 0,
        transit_max: 0,
        delivery_days: WeekdaySet::ALL,
        holidays: vec![],
    };
    let ship = |at: &str| {
        estimate(&shop, Handling::default(), &carrier, None, instant(at))
            .unwrap()
            .ship_earliest
    };
    // Sun 25 Oct 2026: 01:00–01:59 happens twice (BST until 01:00Z, then GMT).
    assert_eq!(
        ship("2026-10-25T00:15:00Z"),
        d("2026-10-25"),
        "01:15 BST, first pass"
    );
    assert_eq!(ship("2026-10-25T00:29:59Z"), d("2026-10-25"));
    assert_eq!(
        ship("2026-10-25T00:30:00Z"),
        d("2026-10-26"),
        "01:30 BST: the cutoff"
    );
    assert_eq!(
        ship("2026-10-25T01:15:00Z"),
        d("2026-10-26"),
        "01:15 GMT, second pass: the clock reads earlier, but the cutoff has passed"
    );
    // Sun 28 Mar 2027: 01:00–01:59 is skipped (01:00Z is 02:00 BST); the cutoff is the change.
    assert_eq!(ship("2027-03-28T00:59:59Z"), d("2027-03-28"));
    assert_eq!(ship("2027-03-28T01:00:00Z"), d("2027-03-29"));
    let e = estimate(
        &shop,
        Handling::default(),
        &carrier,
        None,
        instant("2026-10-25T00:15:00Z"),
    )
    .unwrap();
    assert_eq!(e.next_cutoff_utc, Some(instant("2026-10-25T00:30:00Z")));
}
