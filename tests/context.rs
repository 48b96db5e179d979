//! Page understanding: every fixture page in `tests/data/pages/` (imitations of each
//! platform's default theme, plus negatives) is read with the CLI's HTML reader, classified,
//! and compared with its `NAME.expected.json`. The page address is the first line of the
//! fixture, `<!-- url: … -->`. Every key of the expected object is compared; `signals` are
//! explanations, not contract, so the expected files leave them out.

use proptest::prelude::*;
use shop_answers::context::{self, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn pages() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/pages")
}

fn url_of(html: &str) -> String {
    html.lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("<!-- url:"))
        .and_then(|l| l.strip_suffix("-->"))
        .map(|u| u.trim().to_string())
        .unwrap_or_default()
}

fn classify_file(path: &Path) -> serde_json::Value {
    let html = std::fs::read_to_string(path).unwrap();
    let snap = context::html::read(&html, &url_of(&html));
    let out = shop_answers::classify(&snap).to_json();
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{}: bad JSON {e}: {out}", path.display()))
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(pages())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_fixture_matches_its_expected_context() {
    let mut failures = Vec::new();
    let all = fixtures();
    assert!(all.len() >= 20, "fixtures missing: {}", all.len());
    for page in &all {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let expected_path = page.with_extension("expected.json");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} has no expected JSON", page.display())),
        )
        .unwrap();
        let got = classify_file(page);
        for (k, want) in expected.as_object().unwrap() {
            if &got[k] != want {
                failures.push(format!(
                    "{name}: {k}: want {want}, got {}\n  signals: {}",
                    got[k], got["signals"]
                ));
            }
        }
        assert!(
            !got["signals"].as_array().unwrap().is_empty(),
            "{name}: no signals"
        );
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn negatives_stay_other() {
    for page in fixtures() {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        if name.starts_with("negative-") {
            let got = classify_file(&page);
            assert_eq!(got["page_type"], "other", "{name}: {}", got["signals"]);
            assert!(got["product"].is_null() && got["order"].is_null(), "{name}");
        }
    }
}

#[test]
fn cli_prints_one_json_object() {
    let o = Command::new(env!("CARGO_BIN_EXE_shop-answers"))
        .args([
            "context",
            "tests/data/pages/shopify-dawn-product.html",
            "--url",
        ])
        .arg("https://demo-dawn.myshopify.com/fr/products/classic-tee?variant=111")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["product"]["sku"], "TEE-S", "the URL selects the variant");
    assert_eq!(v["product"]["price"], "25.00");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 6);
    let o = Command::new(env!("CARGO_BIN_EXE_shop-answers"))
        .args(["context", "tests/data/pages/no-such-page.html"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!o.status.success());
}

#[test]
fn explicit_context_wins() {
    let html = std::fs::read_to_string(pages().join("negative-shopify-blog-post.html")).unwrap();
    let mut snap = context::html::read(&html, &url_of(&html));
    snap.explicit = vec![
        ("page_type".into(), "product".into()),
        ("sku".into(), "GIFT-1".into()),
    ];
    let c = shop_answers::classify(&snap);
    assert_eq!(c.page_type, shop_answers::PageType::Product);
    assert_eq!(c.product.unwrap().sku.as_deref(), Some("GIFT-1"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn lenient_json_never_panics(s in ".{0,300}") {
        let _ = json::parse(&s);
    }

    #[test]
    fn lenient_json_never_panics_on_json_like_text(
        s in proptest::collection::vec(
            prop_oneof![
                Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just("\""),
                Just("'"), Just("\\"), Just("\\u"), Just("\\ud83d"), Just("/*"), Just("*/"),
                Just("//"), Just("\n"), Just("&quot;"), Just("&#x"), Just("1e5"), Just("-"),
                Just("true"), Just("null"), Just("@graph"), Just("é"), Just("😀"), Just("<!--"),
            ],
            0..120,
        )
    ) {
        let text: String = s.concat();
        let _ = json::parse(&text);
        let _ = json::parse_prefix(&text);
    }

    #[test]
    fn classify_never_panics_on_arbitrary_snapshots(
        url in ".{0,80}",
        ld in proptest::collection::vec(".{0,200}", 0..3),
        script in ".{0,200}",
        classes in proptest::collection::vec("[a-z-]{0,20}", 0..5),
    ) {
        let snap = shop_answers::PageSnapshot {
            url,
            json_ld: ld,
            body_classes: classes,
            scripts: vec![context::InlineScript { kind: String::new(), text: format!("var meta = {script}") }],
            ..Default::default()
        };
        let c = shop_answers::classify(&snap);
        let out = c.to_json();
        prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{}", out);
    }
}
