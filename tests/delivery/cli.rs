//! `delivery.toml` → `build` → `shop-answers delivery`, end to end on the example shop.
//!
//! Expected dates are worked out by hand from docs/delivery.md and pkg-config/delivery.toml
//! (England bank holidays; Standard Mon–Sat 2–3 days UK; Express Mon–Fri 1 day; EU Standard
//! Mon–Fri 3–6 days; handling 0–1 days; cutoff 14:00 Europe/London).

use shop_answers::Bundle;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use crate::support::{built_bundle, cli, root, tmpdir};

fn build(sources: &str, name: &str, extra: &[&str], env: Option<(&str, &str)>) -> PathBuf {
    let out = tmpdir(name);
    let mut c = cli();
    c.args(["build", sources, "--bundle-only", "--out"])
        .arg(&out)
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .current_dir(root());
    if let Some((k, v)) = env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    built_bundle(&out)
}

/// The example shop, built once for a window starting 2026-11-01.
fn example() -> &'static Path {
    static B: OnceLock<PathBuf> = OnceLock::new();
    B.get_or_init(|| {
        build(
            "pkg-config",
            "example",
            &["--valid-from", "2026-11-01"],
            None,
        )
    })
}

fn delivery(args: &[&str]) -> Output {
    cli()
        .args(["delivery", "--bundle"])
        .arg(example())
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = delivery(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[track_caller]
fn expect(args: &[&str], min: &str, max: &str, ship: (&str, &str), cutoff: &str, method: &str) {
    let v = json(args);
    assert_eq!(
        (
            v["min"].as_str().unwrap(),
            v["max"].as_str().unwrap(),
            v["ship_min"].as_str().unwrap(),
            v["ship_max"].as_str().unwrap(),
            v["cutoff"].as_str().unwrap_or("null"),
            v["method"].as_str().unwrap(),
        ),
        (min, max, ship.0, ship.1, cutoff, method),
        "{args:?}"
    );
}

const ENG: [&str; 4] = ["--country", "GB", "--region", "GB-ENG"];

fn with<'a>(now: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--now", now];
    v.extend_from_slice(rest);
    v
}

#[test]
fn before_and_after_cutoff() {
    // Thu 26 Nov 2026 11:50 GMT: handled today, ships Thu–Fri; Mon–Sat carrier, 2–3 days.
    expect(
        &with("2026-11-26T11:50:00Z", &ENG),
        "2026-11-28",
        "2026-12-01",
        ("2026-11-26", "2026-11-27"),
        "2026-11-26T14:00:00Z",
        "Standard",
    );
    // 14:00 exactly is not before the cutoff: handled Friday.
    expect(
        &with("2026-11-26T14:00:00Z", &ENG),
        "2026-11-30",
        "2026-12-03",
        ("2026-11-27", "2026-11-30"),
        "2026-11-27T14:00:00Z",
        "Standard",
    );
    // Same instant given with an offset.
    expect(
        &with("2026-11-26T12:50:00+01:00", &ENG),
        "2026-11-28",
        "2026-12-01",
        ("2026-11-26", "2026-11-27"),
        "2026-11-26T14:00:00Z",
        "Standard",
    );
}

#[test]
fn weekend_bank_holiday_and_closure() {
    // Saturday: handling starts Monday.
    expect(
        &with("2026-11-28T10:00:00Z", &ENG),
        "2026-12-02",
        "2026-12-04",
        ("2026-11-30", "2026-12-01"),
        "2026-11-30T14:00:00Z",
        "Standard",
    );
    // Fri 30 Apr 2027 10:00 BST, before the 14:00 BST (13:00Z) cutoff; Mon 3 May is the
    // Early May bank holiday for the shop and the carrier.
    expect(
        &with("2027-04-30T09:00:00Z", &ENG),
        "2027-05-04",
        "2027-05-07",
        ("2027-04-30", "2027-05-04"),
        "2027-04-30T13:00:00Z",
        "Standard",
    );
    // Wed 23 Dec 2026: closed 24 Dec – 1 Jan; 25, 26 (Sat) and 28 Dec are bank holidays.
    expect(
        &with("2026-12-23T10:00:00Z", &ENG),
        "2026-12-29",
        "2027-01-07",
        ("2026-12-23", "2027-01-04"),
        "2026-12-23T14:00:00Z",
        "Standard",
    );
}

#[test]
fn other_methods_zones_and_products() {
    // EU Standard, Mon–Fri carrier, 3–6 days.
    expect(
        &with(
            "2026-11-26T11:50:00Z",
            &["--country", "DE", "--region", "DE-BY"],
        ),
        "2026-12-01",
        "2026-12-07",
        ("2026-11-26", "2026-11-27"),
        "2026-11-26T14:00:00Z",
        "EU Standard",
    );
    // Express, 1 day Mon–Fri.
    expect(
        &with(
            "2026-11-26T11:50:00Z",
            &["--country", "GB", "--method", "express"],
        ),
        "2026-11-27",
        "2026-11-30",
        ("2026-11-26", "2026-11-27"),
        "2026-11-26T14:00:00Z",
        "Express",
    );
    // Made to order: handling 3–4 days.
    let mut a = with("2026-11-26T11:50:00Z", &ENG);
    a.extend(["--sku", "AT-JUMPER-NAME"]);
    expect(
        &a,
        "2026-12-03",
        "2026-12-05",
        ("2026-12-01", "2026-12-02"),
        "2026-11-26T14:00:00Z",
        "Standard",
    );
    // Highlands & Islands postcode zone: 3–5 days. HS is in Scotland, so Mon 30 Nov (St
    // Andrew's Day, a Scottish bank holiday) is no carrier day: Tue 1 – Fri 4 Dec.
    let v = json(&with(
        "2026-11-26T11:50:00Z",
        &["--country", "GB", "--postcode", "hs1 2aa"],
    ));
    assert_eq!(
        (v["min"].as_str(), v["max"].as_str()),
        (Some("2026-12-01"), Some("2026-12-04"))
    );
    assert_eq!(v["zone"], "Highlands & Islands");
    // Preorder tag: released Mon 1 Mar 2027, ships 1–2 Mar.
    let v = json(&with(
        "2026-11-26T11:50:00Z",
        &[
            "--country",
            "GB",
            "--region",
            "GB-ENG",
            "--tag",
            "preorder-ss27",
        ],
    ));
    assert_eq!(v["ship_min"], "2027-03-01");
    assert_eq!(v["min"], "2027-03-03");
    // The SKU rule is more specific than the tag rule: made to order, not a preorder.
    let v = json(&with(
        "2026-11-26T11:50:00Z",
        &[
            "--country",
            "GB",
            "--sku",
            "AT-JUMPER-NAME",
            "--tag",
            "preorder-ss27",
        ],
    ));
    assert_eq!(v["ship_min"], "2026-12-01");
    // Unknown SKU: no override.
    let v = json(&with(
        "2026-11-26T11:50:00Z",
        &["--country", "GB", "--sku", "NOPE"],
    ));
    assert_eq!(v["ship_min"], "2026-11-26");
}

#[test]
fn human_line() {
    let o = delivery(&with(
        "2026-11-26T11:50:00Z",
        &[&ENG[..], &["--human"]].concat(),
    ));
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        "Order within 2 h 10 min to get it Sat 28 Nov – Tue 1 Dec (Standard, UK)"
    );
    let o = delivery(&with(
        "2026-12-23T10:00:00Z",
        &[&ENG[..], &["--human"]].concat(),
    ));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        "Order within 4 h to get it Tue 29 Dec – Thu 7 Jan 2027 (Standard, UK)"
    );
}

#[test]
fn errors_are_clear_and_fail() {
    for (args, want) in [
        (
            with("2030-01-01T00:00:00Z", &ENG),
            "outside the bundle's validity window",
        ),
        (
            with("2026-11-26T11:50:00Z", &["--country", "US"]),
            "no shipping method delivers to US",
        ),
        (
            with(
                "2026-11-26T11:50:00Z",
                &["--country", "DE", "--method", "Express"],
            ),
            "shipping method \"Express\" does not deliver to DE",
        ),
        (
            with(
                "2026-11-26T11:50:00Z",
                &["--country", "GB", "--method", "Drone"],
            ),
            "no shipping method named \"Drone\"",
        ),
        (with("tomorrow", &ENG), "expected an RFC 3339 instant"),
    ] {
        let o = delivery(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let golden = build("tests/data/golden-shop", "golden", &[], None);
    let o = cli()
        .args(["delivery", "--bundle"])
        .arg(&golden)
        .args(["--now", "2026-11-26T11:50:00Z", "--country", "GB"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("this bundle has no delivery rules"));
}

#[test]
fn builds_are_deterministic() {
    let a = std::fs::read(example()).unwrap();
    let b = std::fs::read(build(
        "pkg-config",
        "det",
        &["--valid-from", "2026-11-01"],
        None,
    ))
    .unwrap();
    assert_eq!(a, b, "same sources and window, same bytes");
    // SOURCE_DATE_EPOCH = 2026-11-01T09:30:00Z gives the same window.
    let c = std::fs::read(build(
        "pkg-config",
        "sde",
        &[],
        Some(("SOURCE_DATE_EPOCH", "1793525400")),
    ))
    .unwrap();
    assert_eq!(a, c);
    let rules = Bundle::from_bytes(a).unwrap().delivery().unwrap().unwrap();
    // Window: 2026-11-01T00:00 GMT to 2028-05-01T00:00 BST, 18 months of London dates.
    assert_eq!(rules.data.tz.start(), 1_793_491_200);
    assert_eq!(rules.data.tz.end(), 1_840_748_400);
    let cfg = shop_answers::source::load(&root().join("pkg-config"))
        .delivery
        .expect("example rules load");
    let compiled = cfg
        .compile(shop_answers::delivery::Date::parse("2026-11-01").unwrap())
        .unwrap();
    assert_eq!(rules, compiled, "the bundle round-trips the compiled rules");
    assert_eq!(rules.zone_names[0], ["UK", "Highlands & Islands"]);
    assert_eq!(rules.products.len(), 4);
}

#[test]
fn hostile_delivery_sections_are_errors_not_panics() {
    let bytes = std::fs::read(example()).unwrap();
    let b = Bundle::from_bytes(bytes.clone()).unwrap();
    let s = b
        .sections()
        .into_iter()
        .filter(|s| s.name.starts_with("delivery"))
        .collect::<Vec<_>>();
    assert_eq!(s.len(), 2);
    let body_end = bytes.len() - 4;
    for sec in &s {
        for i in sec.offset..sec.offset + sec.len {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut m = bytes.clone();
                m[i] ^= flip;
                let sum = shop_answers::bundle::crc32(&m[..body_end]);
                m[body_end..].copy_from_slice(&sum.to_le_bytes());
                // Re-checksummed, so the reader gets past the trailer to the section.
                if let Ok(b) = Bundle::from_bytes(m) {
                    let _ = b.delivery();
                }
            }
        }
    }
}

#[test]
fn bad_delivery_rules_report_file_line_column() {
    let out = tmpdir("bad");
    let o = cli()
        .args(["build", "tests/data/bad-delivery", "--bundle-only", "--out"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    let f = "tests/data/bad-delivery/delivery.toml";
    for want in [
        "tests/data/bad-delivery/shop.toml:4:13: error: unknown time zone `Europe/Londn`"
            .to_string(),
        format!("{f}:2:10: error: unknown region `GB-XYZ`"),
        format!("{f}:3:24: error: unknown weekday `Fry`"),
        format!("{f}:4:10: error: bad time `2pm`"),
        format!("{f}:5:12: error: handling min 3 is more than max 1"),
        format!("{f}:8:8: error: bad date `2026-02-30`"),
        format!("{f}:12:6: error: closure ends (2026-12-24) before it starts (2026-12-31)"),
        format!("{f}:23:1: error: zones `UK` and `Mainland` of method `Standard` both cover `GB`"),
        format!("{f}:25:14: error: unknown country code `UK`"),
        format!("{f}:26:11: error: transit min 4 is more than max 2"),
        format!("{f}:28:1: error: zone `Nowhere` covers no destination"),
        format!("{f}:32:1: error: this product override names no product"),
        "12 error(s), 0 warning(s)".to_string(),
        "nothing written".to_string(),
    ] {
        assert!(err.contains(&want), "missing {want:?} in\n{err}");
    }
    assert!(err.contains("hint: the ISO 3166-1 code of the United Kingdom is GB"));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "no output");
    let o = cli()
        .args(["check", "tests/data/bad-delivery"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn toml_errors_and_missing_time_zone() {
    let dir = tmpdir("syntax");
    std::fs::write(dir.join("shop.toml"), "[shop]\nname = \"x\"\n").unwrap();
    std::fs::write(
        dir.join("delivery.toml"),
        "[shop]\nregion = \"GB-ENG\"\ncutof = \"14:00\"\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!o.status.success());
    assert!(
        err.contains("delivery.toml:3:1: error: unknown field `cutof`"),
        "{err}"
    );
    std::fs::write(
        dir.join("delivery.toml"),
        "[shop]\nregion = \"GB-ENG\"\ncutoff = \"14:00\"\nhandling = { min = 0, max = 1 }\n\n[[methods]]\nname = \"Post\"\n\n[[methods.zones]]\nname = \"UK\"\ncountries = [\"GB\"]\ntransit = { min = 1, max = 2 }\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("delivery.toml:1:1: error: delivery rules need the shop's time zone"),
        "{err}"
    );
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\ntime_zone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The product page's plan: the picker's countries, the promise for a chosen EU country and
/// the schema.org shipping details that go with it.
#[test]
fn product_plan_offers_destinations_and_shipping_json_ld() {
    use shop_answers::context::{PageContext, PageType};
    use shop_answers::delivery::Destination;
    let b = Bundle::from_bytes(std::fs::read(example()).unwrap()).unwrap();
    let ctx = PageContext {
        page_type: PageType::Product,
        ..PageContext::default()
    };
    // Thu 26 Nov 2026 11:50 London.
    let now = 1_795_693_800;
    let p = shop_answers::answer::plan(&b, &ctx, now, None);
    let v = p.delivery.as_ref().unwrap();
    assert_eq!((v.country.as_str(), v.method.as_str()), ("GB", "Standard"));
    assert_eq!(p.destinations.len(), 28, "GB and the 27 EU countries");
    assert!(p.destinations.windows(2).all(|w| w[0] < w[1]));
    let de = Destination {
        country: "DE",
        region: None,
        postcode: None,
    };
    let p = shop_answers::answer::plan(&b, &ctx, now, Some(&de));
    let v = p.delivery.as_ref().unwrap();
    // Ships Thu 26 – Fri 27; EU Standard 3–6 days Mon–Fri: Tue 1 Dec – Mon 7 Dec.
    assert_eq!(
        (v.from.to_string(), v.until.to_string()),
        ("2026-12-01".into(), "2026-12-07".into())
    );
    let j: serde_json::Value = serde_json::from_str(p.shipping_json_ld.as_ref().unwrap()).unwrap();
    assert_eq!(j["@type"], "OfferShippingDetails");
    assert_eq!(j["shippingLabel"], "EU Standard");
    assert_eq!(j["shippingDestination"]["addressCountry"], "DE");
    let t = &j["deliveryTime"];
    assert_eq!(t["handlingTime"]["maxValue"], 1);
    assert_eq!(t["transitTime"]["minValue"], 3);
    assert_eq!(t["transitTime"]["maxValue"], 6);
    assert_eq!(t["cutoffTime"], "14:00:00+00:00");
    assert_eq!(t["businessDays"]["dayOfWeek"].as_array().unwrap().len(), 5);
    // Order confirmations get no picker and no markup.
    let conf = PageContext {
        page_type: PageType::OrderConfirmation,
        ..PageContext::default()
    };
    let p = shop_answers::answer::plan(&b, &conf, now, Some(&de));
    assert!(p.destinations.is_empty() && p.shipping_json_ld.is_none());
}

/// `check --bundle`: the validity window printed, a warning within 60 days of its end, an
/// error once it is over.
#[test]
fn check_bundle_reports_the_validity_window() {
    let check = |now: &str| {
        let o = cli()
            .args(["check", "--bundle"])
            .arg(example())
            .args(["--now", now])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let window = "2026-11-01T00:00:00Z – 2028-04-30T23:00:00Z";
    let (code, err) = check("2026-12-01T00:00:00Z");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "ok: delivery validity window {window} (516 days left)"
        )),
        "{err}"
    );
    let (code, err) = check("2028-03-15T00:00:00Z");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "warning: the delivery validity window {window} ends in 46 day(s)"
        )),
        "{err}"
    );
    assert!(err.contains("hint: rebuild"), "{err}");
    let (code, err) = check("2028-04-30T23:00:00Z");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: the delivery validity window {window} is over"
        )),
        "{err}"
    );
    // With sources too, both are checked; a bad --now is an error, not a silent default.
    let o = cli()
        .args(["check", "pkg-config", "--bundle"])
        .arg(example())
        .args(["--now", "tomorrow"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("RFC 3339"));
}

const SHOP: &str = "[shop]\nname = \"x\"\ntime_zone = \"Europe/London\"\n";
const RULES: &str = "[shop]\nregion = \"GB-ENG\"\ncutoff = \"14:00\"\nhandling = { min = 0, max = 1 }\n\n[[methods]]\nname = \"Post\"\n\n[[methods.zones]]\nname = \"UK\"\ncountries = [\"GB\"]\ntransit = { min = 1, max = 2 }\n";

/// `[[notices]]`: mistakes located by file:line:column; good ones reach the bundle and are
/// planned for their pages and days only.
#[test]
fn notices_are_validated_stored_and_planned() {
    use shop_answers::context::{PageContext, PageType};
    let dir = tmpdir("notices");
    std::fs::write(dir.join("shop.toml"), SHOP).unwrap();
    let bad = format!(
        "{RULES}\n[[notices]]\ntext = \"Closed\"\nfrom = \"2026-12-20\"\nuntil = \"2026-12-10\"\n\n[[notices]]\ntext = \"x\"\nfrom = \"2026-12-01\"\nuntil = \"2026-12-02\"\npages = [\"cart\"]\n\n[[notices]]\ntext = \"x\"\nfrom = \"1 Dec\"\nuntil = \"2026-12-02\"\n"
    );
    std::fs::write(dir.join("delivery.toml"), bad).unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!o.status.success());
    assert!(
        err.contains(
            "delivery.toml:17:9: error: notice ends (2026-12-10) before it starts (2026-12-20)"
        ),
        "{err}"
    );
    assert!(
        err.contains("delivery.toml:23:10: error: unknown page `cart`"),
        "{err}"
    );
    assert!(
        err.contains("delivery.toml:27:8: error: bad date `1 Dec`"),
        "{err}"
    );

    let good = format!(
        "{RULES}\n[[notices]]\ntext = \"Orders after 18 Dec arrive after Christmas\"\nfrom = \"2026-12-01\"\nuntil = \"2026-12-18\"\npages = [\"product\"]\n\n[[notices]]\ntext = \"We are closed 24 Dec – 1 Jan\"\nfrom = \"2026-12-10\"\nuntil = \"2027-01-01\"\npages = [\"any\"]\n"
    );
    std::fs::write(dir.join("delivery.toml"), good).unwrap();
    let src = dir.to_str().unwrap();
    let bundle = build(src, "notices-out", &["--valid-from", "2026-11-01"], None);
    let b = Bundle::from_bytes(std::fs::read(bundle).unwrap()).unwrap();
    assert_eq!(b.delivery().unwrap().unwrap().notices.len(), 2);
    let page = |t| PageContext {
        page_type: t,
        ..PageContext::default()
    };
    let plan = |t, now| shop_answers::answer::plan(&b, &page(t), now, None).notices;
    // 2026-11-30T23:59:59Z is still 30 Nov in London; a second later it is 1 Dec.
    assert!(plan(PageType::Product, 1_796_083_199).is_empty());
    assert_eq!(
        plan(PageType::Product, 1_796_083_200),
        ["Orders after 18 Dec arrive after Christmas"]
    );
    // 15 Dec: both on product pages, only the "any" one on confirmations.
    let dec15 = 1_797_336_000;
    assert_eq!(plan(PageType::Product, dec15).len(), 2);
    assert_eq!(
        plan(PageType::OrderConfirmation, dec15),
        ["We are closed 24 Dec – 1 Jan"]
    );
    assert!(plan(PageType::Faq, dec15).is_empty());
    // The example shop has no notices: its bundle is unchanged (see the golden-file test).
    let ex = Bundle::from_bytes(std::fs::read(example()).unwrap()).unwrap();
    assert!(ex.delivery().unwrap().unwrap().notices.is_empty());
}

/// "Order by Fri 18 Dec for delivery before Christmas", from 1 December: the last order day
/// whose latest promised date is before 25 December.
#[test]
fn christmas_order_by_date() {
    use shop_answers::context::{PageContext, PageType};
    use shop_answers::delivery::Destination;
    let b = Bundle::from_bytes(std::fs::read(example()).unwrap()).unwrap();
    let ctx = PageContext {
        page_type: PageType::Product,
        ..PageContext::default()
    };
    let by = |now: i64, dest: Option<&Destination<'_>>| {
        shop_answers::answer::plan(&b, &ctx, now, dest)
            .christmas_order_by
            .map(|d| d.to_string())
    };
    let de = Destination {
        country: "DE",
        region: None,
        postcode: None,
    };
    let dec2 = 1_796_205_600; // Wed 2 Dec 2026 10:00 UTC
                              // UK Standard (0–1 + 2–3, Mon–Sat): Fri 18 ships by Mon 21, arrives by Thu 24; an order
                              // on Mon 21 may arrive Mon 28 (Christmas and Boxing Day are bank holidays).
    assert_eq!(by(dec2, None).as_deref(), Some("2026-12-18"));
    // EU Standard (3–6 Mon–Fri): Tue 15 ships by Wed 16, arrives by Thu 24.
    assert_eq!(by(dec2, Some(&de)).as_deref(), Some("2026-12-15"));
    // Not in November; not after the last day has gone (Fri 18 Dec, 14:00 London = cutoff).
    assert_eq!(by(1_795_693_800, None), None);
    assert_eq!(by(1_797_602_399, None).as_deref(), Some("2026-12-18"));
    assert_eq!(by(1_797_602_400, None), None);
}

/// Writes a shop (time zone, delivery.toml) into a fresh directory and builds it from
/// 2026-11-01, returning the bundle and the build's stderr.
fn shop(name: &str, tz: &str, rules: &str) -> (PathBuf, String) {
    let dir = tmpdir(name);
    std::fs::write(
        dir.join("shop.toml"),
        format!("[shop]\nname = \"x\"\ntime_zone = \"{tz}\"\n"),
    )
    .unwrap();
    std::fs::write(dir.join("delivery.toml"), rules).unwrap();
    let out = tmpdir(&format!("{name}-out"));
    let o = cli()
        .args(["build"])
        .arg(&dir)
        .args(["--bundle-only", "--valid-from", "2026-11-01", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    (built_bundle(&out), err)
}

fn ask(bundle: &Path, args: &[&str]) -> serde_json::Value {
    let o = cli()
        .args(["delivery", "--bundle"])
        .arg(bundle)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

const TORONTO: &str = "[shop]\nregion = \"CA-ON\"\ncutoff = \"12:00\"\nhandling = { min = 0, max = 0 }\n\n[[methods]]\nname = \"Post\"\n\n[[methods.zones]]\nname = \"Canada\"\ncountries = [\"CA\"]\ntransit = { min = 1, max = 1 }\n\n[[methods]]\nname = \"Canada Post\"\ncarrier = \"canada-post\"\n\n[[methods.zones]]\nname = \"Canada\"\ncountries = [\"CA\"]\ntransit = { min = 1, max = 1 }\n\n[[methods]]\nname = \"Zoned\"\n\n[[methods.zones]]\nname = \"Canada\"\ncountries = [\"CA\"]\ntransit = { min = 1, max = 1 }\n\n[[methods.zones]]\nname = \"Ontario\"\ncountries = [\"CA\"]\npostcode_prefixes = [\"K\", \"L\", \"M\", \"N\", \"P\"]\ntransit = { min = 1, max = 1 }\nholidays = { region = \"CA-ON\", add = [\"2027-02-17\"], remove = [\"2027-05-24\"] }\n";

/// A Toronto shop: Ontario's own days hold both the shop and parcels to Ontario; the
/// destination's province comes from the address, its postal code or the zone; a carrier's
/// calendar replaces the public holidays.
#[test]
fn provinces_carriers_and_zone_holidays() {
    let (b, _) = shop("toronto", "America/Toronto", TORONTO);
    // Fri 12 Feb 2027 13:00 Toronto, after the cutoff: Mon 15 Feb is Family Day in Ontario,
    // so handling starts Tue 16 and the parcel arrives Wed 17.
    let fri = [
        "--now",
        "2027-02-12T18:00:00Z",
        "--method",
        "Post",
        "--country",
        "CA",
    ];
    let v = ask(&b, &[&fri[..], &["--region", "CA-ON"]].concat());
    assert_eq!(
        (v["ship_min"].as_str(), v["min"].as_str()),
        (Some("2027-02-16"), Some("2027-02-17"))
    );
    // Thu 11 Feb before the cutoff: ships that day, arrives Fri 12.
    let thu = ["--now", "2027-02-11T16:00:00Z", "--country", "CA"];
    let ask_on = |method: &str, extra: &[&str]| {
        ask(&b, &[&thu[..], &["--method", method], extra].concat())["min"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Ordered Fri 12 before noon: ships Fri, 1 carrier day. To Ontario, Mon 15 is Family Day
    // (public holiday): Tue 16. Quebec has none: Mon 15. By postal code too (M = Ontario).
    let fri_am = ["--now", "2027-02-12T16:00:00Z", "--country", "CA"];
    let min = |extra: &[&str]| {
        ask(&b, &[&fri_am[..], extra].concat())["min"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        min(&["--method", "Post", "--region", "CA-ON"]),
        "2027-02-16"
    );
    assert_eq!(
        min(&["--method", "Post", "--region", "CA-QC"]),
        "2027-02-15"
    );
    assert_eq!(
        min(&["--method", "Post", "--postcode", "M5V 2T6"]),
        "2027-02-16"
    );
    assert_eq!(
        min(&["--method", "Post", "--postcode", "H2X 1Y4"]),
        "2027-02-15"
    );
    // Canada Post delivers on Family Day ("regular delivery on provincial Family Day").
    assert_eq!(
        min(&["--method", "Canada Post", "--region", "CA-ON"]),
        "2027-02-15"
    );
    // The zone's own calendar: Ontario's, plus 17 Feb, minus Victoria Day.
    assert_eq!(
        min(&["--method", "Zoned", "--postcode", "K1A 0B1"]),
        "2027-02-16"
    );
    assert_eq!(ask_on("Zoned", &["--postcode", "K1A 0B1"]), "2027-02-12");
    let tue = [
        "--now",
        "2027-02-16T16:00:00Z",
        "--country",
        "CA",
        "--method",
        "Zoned",
    ];
    let v = ask(&b, &[&tue[..], &["--postcode", "K1A 0B1"]].concat());
    assert_eq!(v["min"], "2027-02-18", "17 Feb added for the Ontario zone");
    let v = ask(&b, &[&tue[..], &["--postcode", "H2X 1Y4"]].concat());
    assert_eq!(v["min"], "2027-02-17", "not for Quebec");
    // Fri 21 May 2027: Victoria Day (Mon 24) removed for the zone, kept elsewhere.
    let may = ["--now", "2027-05-21T15:00:00Z", "--country", "CA"];
    let v = ask(
        &b,
        &[&may[..], &["--method", "Zoned", "--postcode", "K1A 0B1"]].concat(),
    );
    assert_eq!(v["min"], "2027-05-24");
    let v = ask(
        &b,
        &[&may[..], &["--method", "Post", "--region", "CA-ON"]].concat(),
    );
    assert_eq!(v["min"], "2027-05-25");
    // Only the calendars reached: Canada's and Canada Post's, no other country's.
    let rules = Bundle::from_bytes(std::fs::read(&b).unwrap())
        .unwrap()
        .delivery()
        .unwrap()
        .unwrap();
    assert!(rules
        .data
        .regions
        .iter()
        .all(|r| r.code.starts_with("CA") || r.code.starts_with("canada-post:CA")));
    assert!(rules
        .data
        .regions
        .iter()
        .any(|r| r.code == "canada-post:CA-ON"));
}

/// The engine's two silent cases become clear messages: a destination region of another
/// country, and a closure no promise can see past.
#[test]
fn bad_destination_and_endless_closure() {
    let o = delivery(&with(
        "2026-11-26T11:50:00Z",
        &["--country", "US", "--region", "ZZ-99"],
    ));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--region ZZ-99 is not a region of US"),
        "{err}"
    );
    let o = delivery(&with("2026-11-26T11:50:00Z", &["--country", "USA"]));
    assert_eq!(o.status.code(), Some(1));
    // Well-formed but without a calendar: a warning, and the country's holidays.
    let o = delivery(&with(
        "2026-11-26T11:50:00Z",
        &["--country", "DE", "--region", "DE-XX"],
    ));
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("warning: no built-in holiday calendar for DE-XX"));

    let dir = tmpdir("closure");
    std::fs::write(dir.join("shop.toml"), SHOP).unwrap();
    std::fs::write(
        dir.join("delivery.toml"),
        RULES.replace(
            "[[methods]]",
            "[[closures]]\nfrom = \"2026-11-01\"\nto = \"2027-12-31\"\n\n[[methods]]",
        ),
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("delivery.toml:8:6: error: no shop working day within 400 days of 2026-11-01: the closure to 2027-12-31 (426 days) is too long"),
        "{err}"
    );
    // A long but finite closure is fine.
    std::fs::write(
        dir.join("delivery.toml"),
        RULES.replace(
            "[[methods]]",
            "[[closures]]\nfrom = \"2026-11-01\"\nto = \"2027-10-31\"\n\n[[methods]]",
        ),
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn unknown_carrier_and_zone_region_are_errors() {
    let dir = tmpdir("carrier");
    std::fs::write(dir.join("shop.toml"), SHOP).unwrap();
    let rules = RULES
        .replace(
            "name = \"Post\"\n",
            "name = \"Post\"\ncarrier = \"pigeon\"\n",
        )
        .replace(
            "transit = { min = 1, max = 2 }\n",
            "transit = { min = 1, max = 2 }\nholidays = { region = \"GB-XX\" }\n",
        );
    std::fs::write(dir.join("delivery.toml"), rules).unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("delivery.toml:8:11: error: unknown carrier `pigeon`"),
        "{err}"
    );
    assert!(err.contains("royal-mail"), "{err}");
    assert!(
        err.contains("delivery.toml:14:23: error: no built-in holiday calendar for `GB-XX`"),
        "{err}"
    );
    // A carrier whose calendar covers none of the method's countries: a warning.
    std::fs::write(
        dir.join("delivery.toml"),
        RULES.replace("name = \"Post\"\n", "name = \"Post\"\ncarrier = \"usps\"\n"),
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: USPS's calendar covers US only"),
        "{err}"
    );
}

/// East of UTC the window still holds 18 months of the shop's dates, and the build says so.
#[test]
fn validity_window_in_shop_dates() {
    let rules = RULES
        .replace("countries = [\"GB\"]", "countries = [\"DE\"]")
        .replace("GB-ENG", "DE-BE");
    let dir = tmpdir("berlin");
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\ntime_zone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("delivery.toml"), rules).unwrap();
    let out = tmpdir("berlin-out");
    let o = cli()
        .arg("build")
        .arg(&dir)
        .args(["--bundle-only", "--valid-from", "2027-03-01", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("valid 2027-03-01 to 2028-08-31 (shop dates, inclusive)"),
        "{err}"
    );
    let b = built_bundle(&out);
    let r = Bundle::from_bytes(std::fs::read(&b).unwrap())
        .unwrap()
        .delivery()
        .unwrap()
        .unwrap();
    assert_eq!(r.data.tz.start(), 1_803_855_600, "2027-02-28T23:00:00Z");
    assert_eq!(r.data.tz.end(), 1_851_372_000, "2028-08-31T22:00:00Z");
    // An order at 23:30 Berlin on the last day is inside; one at midnight is not.
    let last = ask(&b, &["--now", "2028-08-31T21:30:00Z", "--country", "DE"]);
    assert_eq!(last["ship_min"], "2028-09-01");
    let o = cli()
        .args(["delivery", "--bundle"])
        .arg(&b)
        .args(["--now", "2028-08-31T22:00:00Z", "--country", "DE"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn check_regions_lists_the_coverage() {
    let o = cli().args(["check", "--regions"]).output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("37 countries"), "{out}");
    for want in [
        "CA Canada: CA-AB Alberta",
        "CA-ON Ontario",
        "AU-VIC Victoria",
        "GB-SCT Scotland",
        "DE-BY Bayern",
        "JP Japan",
        "canada-post",
        "royal-mail",
    ] {
        assert!(out.contains(want), "{want} in\n{out}");
    }
}
