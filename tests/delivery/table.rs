//! The order table against the engine: for every order instant, destination, method and
//! product the table's lookup gives the engine's dates, on the example shop and on a shop
//! built to hit the edges (24:00 cutoff, Saturday work, closures, preorders, postcode
//! ranges, a rest-of-world zone, a DST zone far from the example's).

use shop_answers::delivery::table::{build, OrderTable, Run};
use shop_answers::delivery::{Date, DeliveryRules, Destination, ProductFacts};
use std::path::Path;

use crate::support::{root, tmpdir};

fn compile(dir: &Path, from: &str) -> (DeliveryRules, Vec<Vec<String>>) {
    let s = shop_answers::source::load(dir);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    let cfg = s.delivery.expect("delivery rules");
    let rules = cfg.compile(Date::parse(from).unwrap()).unwrap();
    (rules, cfg.checkout_names)
}

/// splitmix64: reproducible cases without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Product {
    sku: Option<&'static str>,
    tags: Vec<String>,
    collections: Vec<String>,
}

fn products(list: &[(Option<&'static str>, &[&str], &[&str])]) -> Vec<Product> {
    list.iter()
        .map(|(sku, tags, cols)| Product {
            sku: *sku,
            tags: tags.iter().map(|s| s.to_string()).collect(),
            collections: cols.iter().map(|s| s.to_string()).collect(),
        })
        .collect()
}

/// Instants near cutoffs and midnights get extra weight: that is where day0 moves.
fn instant(rng: &mut Rng, t: &OrderTable) -> i64 {
    let cutoffs = t.cutoff_instants();
    match rng.below(3) {
        0 => t.start + (rng.next() % (t.end - t.start) as u64) as i64,
        1 => {
            let c = cutoffs[rng.below(cutoffs.len())];
            (c + rng.below(5) as i64 - 2).clamp(t.start, t.end - 1)
        }
        _ => {
            let day = t.start + 86_400 * rng.below(((t.end - t.start) / 86_400) as usize) as i64;
            (day + rng.below(7200) as i64 - 3600).clamp(t.start, t.end - 1)
        }
    }
}

fn check(
    rules: &DeliveryRules,
    table: &OrderTable,
    dests: &[(&str, Option<&str>, Option<&str>)],
    items: &[Product],
    cases: usize,
    seed: u64,
) -> usize {
    let mut rng = Rng(seed);
    let mut dated = 0;
    for case in 0..cases {
        let t = instant(&mut rng, table);
        let (country, region, postcode) = dests[rng.below(dests.len())];
        let dest = Destination {
            country,
            region,
            postcode,
        };
        let p = &items[rng.below(items.len())];
        let facts = ProductFacts {
            sku: p.sku,
            tags: &p.tags,
            collections: &p.collections,
        };
        let method = match rng.below(rules.data.methods.len() + 1) {
            0 => None,
            m => Some(m - 1),
        };
        let name = method.map(|m| rules.data.methods[m].name.as_str());
        let engine = rules.promise(&dest, name, &facts, t);
        let looked = table.lookup(t, &dest, method, table.product_class(&facts));
        match (&engine, &looked) {
            (Ok(e), Some(l)) => {
                assert_eq!(
                    (l.method, l.earliest, l.latest),
                    (e.method, e.estimate.earliest, e.estimate.latest),
                    "case {case}: t={t} dest={dest:?} method={name:?} sku={:?} tags={:?}",
                    p.sku,
                    p.tags
                );
                dated += 1;
            }
            (Err(_), None) => {}
            _ => panic!("case {case}: engine {engine:?} but table {looked:?} (t={t} dest={dest:?} method={name:?})"),
        }
    }
    dated
}

#[test]
fn example_shop_table_matches_the_engine() {
    let (rules, names) = compile(&root().join("pkg-config"), "2026-11-01");
    let table = build(&rules, &names).unwrap();
    let dests = [
        ("GB", None, None),
        ("GB", None, Some("SW1A 1AA")),
        ("gb", None, Some("hs1 2aa")),
        ("GB", Some("GB-SCT"), Some("KW15 1AB")),
        ("GB", Some("GB-NIR"), Some("BT1 1AA")),
        ("DE", None, None),
        ("DE", Some("DE-BY"), Some("80331")),
        ("FR", None, Some("75011")),
        ("IT", None, None),
        ("NL", None, None),
        ("US", None, None),
    ];
    let items = products(&[
        (None, &[], &[]),
        (Some("AT-RIDGE-JKT"), &[], &[]),
        (Some("AT-JUMPER-NAME"), &[], &[]),
        (Some("AT-BOOT-WOOL-42"), &[], &[]),
        (None, &["Preorder-SS27"], &[]),
        (None, &["cosy"], &["blankets"]),
        (Some("AT-JUMPER-NAME"), &["preorder-ss27"], &["blankets"]),
    ]);
    // Express and the UK methods serve no EU country, so about half the cases have dates.
    let dated = check(&rules, &table, &dests, &items, 20_000, 7);
    assert!(dated > 10_000, "{dated} of 20000 cases dated");
    let json = serde_json::to_string(&table).unwrap();
    eprintln!(
        "example order table: {} bytes of JSON, {} lanes",
        json.len(),
        table.lanes.len()
    );
    // Compact: its lanes are mostly runs of one character, so it compresses to a few
    // kilobytes (integrations/shopify/tests/size.test.js holds the extension under Shopify's
    // 64 KB compressed limit); raw, one lane per calendar, method and transit.
    assert!(json.len() < 256_000, "{} bytes", json.len());
    assert!(matches!(table.gaps, Run::Digits(_)));
}

#[test]
fn edge_shop_table_matches_the_engine() {
    let dir = tmpdir("order-table-edges");
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"Edge\"\nlocale = \"en-US\"\ntime_zone = \"America/New_York\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("delivery.toml"),
        r#"
[shop]
region = "US"
working_days = ["Mon-Sat"]
cutoff = "24:00"
handling = { min = 1, max = 3 }

[[closures]]
from = "2026-12-24"
to = "2027-01-03"

[[closures]]
from = "2027-07-01"
to = "2027-07-10"

[[methods]]
name = "Ground"
checkout_names = ["UPS Ground", "Free shipping"]
delivery_days = ["Mon-Fri"]

[[methods.zones]]
name = "US"
countries = ["US"]
transit = { min = 2, max = 5 }

[[methods.zones]]
name = "West"
countries = ["US"]
postcode_ranges = [["90000", "96199"]]
transit = { min = 4, max = 7 }

[[methods.zones]]
name = "Canada"
countries = ["CA"]
transit = { min = 5, max = 9 }

[[methods]]
name = "Air"
delivery_days = ["Mon-Sat"]

[[methods.zones]]
name = "Anywhere"
rest_of_world = true
transit = { min = 0, max = 2 }

[[products]]
skus = ["SLOW"]
made_to_order_days = 10

[[products]]
tags = ["late"]
release_date = "2028-02-20"

[[products]]
collections = ["heavy"]
extra_handling_days = 2
backorder_days = 1

[[notices]]
text = "Holiday closure"
from = "2026-12-20"
until = "2027-01-03"
pages = ["order_confirmation"]
"#,
    )
    .unwrap();
    let (rules, names) = compile(&dir, "2026-09-15");
    let table = build(&rules, &names).unwrap();
    let dests = [
        ("US", None, None),
        ("US", Some("US-CA"), Some("94105")),
        ("US", None, Some("96200")),
        ("US", None, Some("9")),
        ("CA", Some("CA-ON"), None),
        ("AU", Some("AU-NSW"), Some("2000")),
        ("JP", None, None),
    ];
    let items = products(&[
        (None, &[], &[]),
        (Some("SLOW"), &["late"], &[]),
        (None, &["LATE"], &["heavy"]),
        (None, &[], &["Heavy"]),
    ]);
    let dated = check(&rules, &table, &dests, &items, 20_000, 11);
    assert!(dated > 15_000, "{dated} of 20000 cases dated");
    assert_eq!(table.method_named("  ups ground "), Some(0));
    assert_eq!(table.method_named("AIR"), Some(1));
    assert_eq!(table.method_named("Pickup"), None);
    // The closure notice: from local midnight of 20 Dec to local midnight after 3 Jan.
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
    assert_eq!(
        table.notices_at(at("2026-12-20T04:59:59Z")),
        Vec::<&str>::new()
    );
    assert_eq!(
        table.notices_at(at("2026-12-20T05:00:00Z")),
        ["Holiday closure"]
    );
    assert_eq!(
        table.notices_at(at("2027-01-04T04:59:59Z")),
        ["Holiday closure"]
    );
    assert!(table.notices_at(at("2027-01-04T05:00:00Z")).is_empty());
    // Outside the window there is nothing to look up.
    let dest = Destination {
        country: "US",
        region: None,
        postcode: None,
    };
    assert_eq!(table.lookup(table.start - 1, &dest, None, 0), None);
    assert_eq!(table.lookup(table.end, &dest, None, 0), None);
    assert!(table.lookup(table.end - 1, &dest, None, 0).is_some());
}
