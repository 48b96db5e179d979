//! Codec round trip and hostile-input behaviour.

use proptest::prelude::*;
use shop_answers::delivery::codec::{
    DecodeError, DeliveryData, PostcodeRegion, RegionCalendar, ShopSpec,
};
use shop_answers::delivery::{
    Date, Destination, Handling, Method, TzTable, WeekdaySet, Zone, ZoneHolidays, ZoneRate,
};

use crate::common::{d, region_holidays, zone, WINDOW_END, WINDOW_START};

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 é-]{0,8}"
}

fn tz_strategy() -> impl Strategy<Value = TzTable> {
    (
        -4_000_000_000i64..4_000_000_000,
        prop::collection::vec((1i64..40_000_000, -93_600i32..=93_600), 0..6),
        -93_600i32..=93_600,
        1i64..100_000_000,
    )
        .prop_map(|(start, rest, off0, tail)| {
            let mut entries = vec![(start, off0)];
            let mut t = start;
            for (gap, off) in rest {
                t += gap;
                entries.push((t, off));
            }
            TzTable::new(entries, t + tail).unwrap()
        })
}

fn dates() -> impl Strategy<Value = Vec<Date>> {
    prop::collection::btree_set(-200_000i32..200_000, 0..12)
        .prop_map(|s| s.into_iter().map(Date).collect())
}

fn zone_strategy() -> impl Strategy<Value = Zone> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec((text(), text()), 0..3),
    )
        .prop_map(
            |(countries, regions, postcode_prefixes, postcode_ranges)| Zone {
                countries,
                regions,
                postcode_prefixes,
                postcode_ranges,
            },
        )
}

fn zone_holidays() -> impl Strategy<Value = Option<ZoneHolidays>> {
    prop::option::of(
        (
            prop::option::of("[A-Z]{2}(-[A-Z0-9]{1,3})?"),
            dates(),
            dates(),
        )
            .prop_map(|(region, add, remove)| ZoneHolidays {
                region,
                add,
                remove,
            }),
    )
}

/// Calendars that share most dates, as a country and its subdivisions do, so encoding them
/// as differences is exercised.
fn calendars() -> impl Strategy<Value = Vec<RegionCalendar>> {
    (
        dates(),
        prop::collection::vec(
            (text(), dates(), prop::collection::vec(any::<bool>(), 12)),
            0..5,
        ),
    )
        .prop_map(|(base, rest)| {
            let mut out = vec![RegionCalendar {
                code: "AA".into(),
                holidays: base.clone(),
            }];
            for (code, extra, keep) in rest {
                let mut h: Vec<Date> = base
                    .iter()
                    .zip(keep.iter().cycle())
                    .filter(|(_, k)| **k)
                    .map(|(d, _)| *d)
                    .chain(extra)
                    .collect();
                h.sort_unstable();
                h.dedup();
                out.push(RegionCalendar {
                    code: format!("AA-{code}"),
                    holidays: h,
                });
            }
            out
        })
}

fn data_strategy() -> impl Strategy<Value = DeliveryData> {
    (
        tz_strategy(),
        calendars(),
        prop::collection::vec((text(), text(), text(), text()), 0..3),
        (
            text(),
            0u16..=1440,
            0u8..128,
            prop::collection::vec((-100_000i32..100_000, 0i32..400), 0..3),
            0u16..300,
            0u16..300,
        ),
        prop::collection::vec(
            (
                text(),
                0u8..128,
                text(),
                prop::collection::vec(
                    (zone_strategy(), 0u16..1000, 0u16..1000, zone_holidays()),
                    0..3,
                ),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(tz, regions, postcodes, (region, cutoff, wd, closures, h1, h2), methods)| {
                DeliveryData {
                    tz,
                    regions,
                    postcode_regions: postcodes
                        .into_iter()
                        .map(|(country, first, last, region)| PostcodeRegion {
                            country,
                            first,
                            last,
                            region,
                        })
                        .collect(),
                    shop: ShopSpec {
                        region,
                        cutoff_minutes: cutoff,
                        working_days: WeekdaySet::from_bits(wd).unwrap(),
                        closures: closures
                            .into_iter()
                            .map(|(a, n)| (Date(a), Date(a + n)))
                            .collect(),
                        handling: Handling {
                            min: h1.min(h2),
                            max: h1.max(h2),
                        },
                    },
                    methods: methods
                        .into_iter()
                        .map(|(name, days, carrier, rates)| Method {
                            name,
                            delivery_days: WeekdaySet::from_bits(days).unwrap(),
                            carrier,
                            rates: rates
                                .into_iter()
                                .map(|(zone, a, b, holidays)| ZoneRate {
                                    zone,
                                    transit_min: a.min(b),
                                    transit_max: a.max(b),
                                    holidays,
                                })
                                .collect(),
                        })
                        .collect(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn round_trip(x in data_strategy()) {
        let bytes = x.encode();
        prop_assert_eq!(&bytes, &x.clone().encode(), "deterministic");
        prop_assert_eq!(DeliveryData::decode(&bytes), Ok(x));
    }

    #[test]
    fn every_truncation_is_an_error(x in data_strategy()) {
        let bytes = x.encode();
        for n in 0..bytes.len() {
            prop_assert!(DeliveryData::decode(&bytes[..n]).is_err(), "prefix {}", n);
        }
        let mut longer = bytes.clone();
        longer.push(0);
        prop_assert_eq!(DeliveryData::decode(&longer), Err(DecodeError::TrailingBytes));
    }

    #[test]
    fn corrupted_bytes_never_panic(x in data_strategy(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let mut bytes = x.encode();
        for (i, v) in flips {
            let i = i.index(bytes.len());
            bytes[i] = v;
        }
        let _ = DeliveryData::decode(&bytes);
    }

    #[test]
    fn random_bytes_never_panic(mut tail in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = DeliveryData::decode(&tail);
        let mut bytes = b"SADL\x02".to_vec();
        bytes.append(&mut tail);
        let _ = DeliveryData::decode(&bytes);
    }
}

#[test]
fn hostile_counts_rejected_before_allocation() {
    // Magic, version, then a count of 2^62 tz entries.
    let mut b = b"SADL\x02".to_vec();
    b.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f]);
    assert_eq!(DeliveryData::decode(&b), Err(DecodeError::Overflow));
    // An 11-byte varint.
    let mut b = b"SADL\x02".to_vec();
    b.extend_from_slice(&[0xff; 11]);
    assert_eq!(DeliveryData::decode(&b), Err(DecodeError::Overflow));
    // Version 1 (before calendar differences) is refused, not misread.
    assert_eq!(
        DeliveryData::decode(b"SADL\x01"),
        Err(DecodeError::UnsupportedVersion(1))
    );
    assert_eq!(
        DeliveryData::decode(b"XXXX\x02"),
        Err(DecodeError::BadMagic)
    );
    assert_eq!(DeliveryData::decode(b""), Err(DecodeError::BadMagic));
}

/// A realistic bundle: real zone, real holidays, zones with postcodes; also reports size.
#[test]
fn realistic_bundle_drives_the_engine() {
    let codes = ["GB", "GB-ENG", "GB-NIR", "GB-SCT", "DE", "FR", "NL", "US"];
    let data = DeliveryData {
        tz: zone("Europe/London"),
        regions: codes
            .iter()
            .map(|c| RegionCalendar {
                code: c.to_string(),
                holidays: region_holidays(c),
            })
            .collect(),
        postcode_regions: vec![PostcodeRegion {
            country: "GB".into(),
            first: "BT".into(),
            last: "BT".into(),
            region: "GB-NIR".into(),
        }],
        shop: ShopSpec {
            region: "GB-ENG".into(),
            cutoff_minutes: 15 * 60,
            working_days: WeekdaySet::MON_FRI,
            closures: vec![(d("2026-12-24"), d("2027-01-03"))],
            handling: Handling { min: 1, max: 1 },
        },
        methods: vec![Method {
            name: "Royal Mail Tracked 48".into(),
            delivery_days: WeekdaySet::MON_SAT,
            carrier: String::new(),
            rates: vec![
                ZoneRate {
                    zone: Zone {
                        countries: vec!["GB".into()],
                        ..Zone::default()
                    },
                    transit_min: 1,
                    transit_max: 2,
                    holidays: None,
                },
                ZoneRate {
                    zone: Zone {
                        countries: vec!["GB".into()],
                        postcode_prefixes: vec!["HS".into(), "ZE".into(), "BT".into()],
                        ..Zone::default()
                    },
                    transit_min: 2,
                    transit_max: 4,
                    holidays: None,
                },
                ZoneRate {
                    zone: Zone::default(),
                    transit_min: 3,
                    transit_max: 7,
                    holidays: None,
                },
            ],
        }],
    };
    let bytes = data.encode();
    assert!(bytes.len() < 1200, "bundle is {} bytes", bytes.len());
    let back = DeliveryData::decode(&bytes).unwrap();
    assert_eq!(back, data);
    assert_eq!(back.tz.start(), WINDOW_START);
    assert_eq!(back.tz.end(), WINDOW_END);

    let shop = back.shop_rules();
    let dest = Destination {
        country: "GB",
        region: Some("GB-SCT"),
        postcode: Some("HS1 2AB"),
    };
    let carrier = back.carrier(0, &dest).unwrap();
    assert_eq!((carrier.transit_min, carrier.transit_max), (2, 4));
    assert_eq!(carrier.holidays, region_holidays("GB-SCT"));
    // Thu 2027-03-25 14:59 GMT: ship Tue 30 Mar (Good Friday + Easter Monday in England),
    // then 2-4 Mon–Sat carrier days; Scotland has no Easter Monday but that is before.
    let e =
        shop_answers::delivery::estimate(&shop, back.shop.handling, &carrier, None, 1_805_986_740)
            .unwrap();
    assert_eq!(e.ship_earliest, d("2027-03-30"));
    assert_eq!((e.earliest, e.latest), (d("2027-04-01"), d("2027-04-03")));
    assert!(back.carrier(1, &dest).is_none());

    // No region given: the postcode tells (BT is Northern Ireland).
    let ni = Destination {
        country: "GB",
        region: None,
        postcode: Some("bt1 1aa"),
    };
    assert_eq!(back.region_of(&ni), Some("GB-NIR"));
    assert_eq!(
        back.carrier(0, &ni).unwrap().holidays,
        region_holidays("GB-NIR")
    );
    // A region of another country is not the destination's: the country's calendar.
    let odd = Destination {
        country: "GB",
        region: Some("ZZ-99"),
        postcode: None,
    };
    assert_eq!(back.region_of(&odd), None);
    assert_eq!(
        back.carrier(0, &odd).unwrap().holidays,
        region_holidays("GB")
    );
}

/// Subdivisions are stored as their differences from the country: the same calendars in
/// far fewer bytes, and identical after decoding.
#[test]
fn calendars_are_stored_as_differences() {
    let codes = [
        "DE", "DE-BB", "DE-BE", "DE-BW", "DE-BY", "DE-HB", "DE-HE", "DE-HH",
    ];
    let cal = |c: &str| RegionCalendar {
        code: c.to_string(),
        holidays: region_holidays(c),
    };
    let mut data = DeliveryData::decode(
        &DeliveryData {
            tz: zone("Europe/Berlin"),
            regions: vec![],
            postcode_regions: vec![],
            shop: ShopSpec {
                region: "DE".into(),
                cutoff_minutes: 0,
                working_days: WeekdaySet::MON_FRI,
                closures: vec![],
                handling: Handling::default(),
            },
            methods: vec![],
        }
        .encode(),
    )
    .unwrap();
    let empty = data.encode().len();
    data.regions = vec![cal("DE")];
    let one = data.encode().len() - empty;
    data.regions = codes.iter().map(|c| cal(c)).collect();
    let all = data.encode().len() - empty;
    assert!(
        all * 2 < one * codes.len(),
        "{} calendars in {all} bytes, one alone in {one}",
        codes.len()
    );
    assert_eq!(DeliveryData::decode(&data.encode()), Ok(data));
}
