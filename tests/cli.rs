//! Native integration tests: sources → CLI → bundle → reader → search, bad input, the
//! pinned format, and write → read round trips.

use proptest::prelude::*;
use shop_answers::bundle::{self, Entry, Meta, Scope};
use shop_answers::doc::{mark, Block, Inline};
use shop_answers::search::{search, SearchOptions};
use shop_answers::Bundle;

#[path = "cli/inbox.rs"]
mod inbox;
#[path = "cli/input.rs"]
mod input;
#[path = "cli/install.rs"]
mod install;
#[path = "cli/shopify.rs"]
mod shopify;
#[path = "support/mod.rs"]
mod support;

use support::{built_bundle, cli, root, tmpdir};

#[test]
fn build_then_query_finds_the_right_answer() {
    let out = tmpdir("build");
    let st = cli()
        .args(["build", "pkg-config", "--bundle-only", "--out"])
        .arg(&out)
        .current_dir(root())
        .status()
        .unwrap();
    assert!(st.success());
    let bundle = built_bundle(&out);
    for (q, want) in [
        ("how long does shipping take", "shipping-time"),
        ("where is my parcel", "track-order"),
        ("can I send it back", "return-policy"),
        ("paypal", "payment-methods"),
        ("cancel my order", "change-order"),
    ] {
        let o = cli()
            .args(["query", "--bundle"])
            .arg(&bundle)
            .arg(q)
            .output()
            .unwrap();
        assert!(o.status.success());
        let text = String::from_utf8(o.stdout).unwrap();
        let first = text.lines().nth(1).unwrap_or("");
        assert!(first.contains(want), "{q:?} → {text}");
    }
}

#[test]
fn query_jsonl_prints_one_line_per_query() {
    let out = tmpdir("jsonl");
    assert!(cli()
        .args(["build", "pkg-config", "--bundle-only", "--out"])
        .arg(&out)
        .current_dir(root())
        .status()
        .unwrap()
        .success());
    let qs = out.join("q.jsonl");
    std::fs::write(
        &qs,
        "{\"query\": \"is shipping free\"}\n\n{\"query\": \"size chart\"}\n",
    )
    .unwrap();
    let o = cli()
        .args(["query", "--top", "2", "--bundle"])
        .arg(built_bundle(&out))
        .arg("--jsonl")
        .arg(&qs)
        .output()
        .unwrap();
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["hits"][0]["id"], "shipping-cost");
    assert_eq!(lines[1]["hits"][0]["id"], "size-guide");
    assert!(lines[1]["hits"].as_array().unwrap().len() <= 2);
}

#[test]
fn bad_sources_report_file_line_column_and_write_nothing() {
    let out = tmpdir("bad");
    let o = cli()
        .args(["build", "tests/data/bad-shop", "--bundle-only", "--out"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    let f = "tests/data/bad-shop/faq/a.md";
    assert!(
        err.contains(&format!("{f}:10:1: error: unknown field `colour`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{f}:18:5: error: link target `javascript:alert(1)` is not allowed"
        )),
        "{err}"
    );
    assert!(
        err.contains("error: the entry \"Is this answered?\" has no answer"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(
        err.contains("tests/data/bad-shop/shop.toml:6:1: warning: unknown [widget] text `tittle`")
            && err.contains("did you mean `title`?"),
        "{err}"
    );
    assert!(err.contains("nothing written"));
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "no partial output"
    );

    let o = cli()
        .args(["check", "tests/data/bad-shop"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn duplicate_ids_point_at_both_definitions() {
    let dir = tmpdir("dup");
    std::fs::write(dir.join("shop.toml"), "[shop]\nname = \"x\"\n").unwrap();
    std::fs::write(
        dir.join("a.md"),
        "+++\nid = \"same\"\nquestion = \"A?\"\n+++\nYes.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.md"),
        "+++\nid = \"same\"\nquestion = \"B?\"\n+++\nNo.\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!o.status.success());
    assert!(
        err.contains("b.md:1:1: error: duplicate entry id `same`"),
        "{err}"
    );
    assert!(err.contains("a.md:1"), "{err}");
}

#[test]
fn builds_are_deterministic_and_match_the_golden_file() {
    let a = tmpdir("det-a");
    let b = tmpdir("det-b");
    for out in [&a, &b] {
        assert!(cli()
            .args(["build", "tests/data/golden-shop", "--bundle-only", "--out"])
            .arg(out)
            .current_dir(root())
            .status()
            .unwrap()
            .success());
    }
    let (ba, bb) = (
        std::fs::read(built_bundle(&a)).unwrap(),
        std::fs::read(built_bundle(&b)).unwrap(),
    );
    assert_eq!(ba, bb, "same sources, same bytes");
    let golden = root().join("tests/data/golden.bin");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &ba).unwrap();
    }
    let want = std::fs::read(&golden).expect("tests/data/golden.bin (UPDATE_GOLDEN=1 writes it)");
    assert!(
        ba == want,
        "bundle format changed: if deliberate, bump bundle::VERSION and rerun with UPDATE_GOLDEN=1"
    );
    let bundle = Bundle::from_bytes(want).unwrap();
    let cjk = search(&bundle, "配送料金", &SearchOptions::default()).unwrap();
    assert_eq!(bundle.entry(cjk.hits[0].doc).unwrap().id, "cjk");
}

#[test]
fn every_truncation_and_bit_flip_is_an_error_not_a_panic() {
    let bytes = std::fs::read(root().join("tests/data/golden.bin")).unwrap();
    for n in 0..bytes.len() {
        assert!(
            Bundle::from_bytes(bytes[..n].to_vec()).is_err(),
            "truncated at {n}"
        );
    }
    for i in (0..bytes.len()).step_by(3) {
        let mut b = bytes.clone();
        b[i] ^= 0x24;
        assert!(Bundle::from_bytes(b).is_err(), "flip at {i}");
    }
}

/// Damage the checksum cannot see (the trailer recomputed after the change): the structural
/// checks alone must turn it into an error or a bundle that still answers without panicking.
#[test]
fn damage_behind_a_valid_checksum_never_panics() {
    let bytes = std::fs::read(root().join("tests/data/golden.bin")).unwrap();
    let body = bytes.len() - 4;
    let reseal = |mut b: Vec<u8>| {
        let sum = shop_answers::bundle::crc32(&b[..body]);
        b[body..].copy_from_slice(&sum.to_le_bytes());
        b
    };
    let mut opened = 0;
    let mut index_only = 0;
    for i in 16..body {
        for x in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= x;
            let b = reseal(b);
            // The widget's open leaves the index for later: it must agree with the full open
            // about which bundles are sound, and a bad index must fail searches, not panic.
            match Bundle::from_bytes_deferred(b.clone()) {
                Ok(lazy) => {
                    assert_eq!(lazy.index().is_ok(), Bundle::from_bytes(b.clone()).is_ok());
                    if lazy.index().is_err() {
                        index_only += 1;
                        assert!(search(&lazy, "delivery", &SearchOptions::default()).is_err());
                        for doc in 0..lazy.len() as u32 {
                            let _ = lazy.scope(doc);
                        }
                        let _ = lazy.delivery();
                    }
                }
                Err(_) => assert!(Bundle::from_bytes(b.clone()).is_err()),
            }
            if let Ok(bundle) = Bundle::from_bytes(b) {
                opened += 1;
                let _ = search(
                    &bundle,
                    "how long does delivery take",
                    &SearchOptions::default(),
                );
                let _ = search(&bundle, "retrn", &SearchOptions::default());
                for doc in 0..bundle.len() as u32 {
                    let _ = bundle.entry(doc);
                }
            }
        }
    }
    // Flips inside texts keep a valid bundle; that the loop ran them through search shows
    // the test reaches the code after open.
    assert!(opened > 0);
    assert!(index_only > 0, "no damage reached the deferred index");
}

fn text(s: String, marks: u8) -> Inline {
    Inline::Text { text: s, marks }
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    let s = "[a-zA-Z0-9 éß配送?.-]{0,24}";
    (
        s,
        s,
        prop::collection::vec(s, 0..3),
        prop::collection::vec((s, 0u8..16), 0..4),
        prop::collection::vec(s, 0..3),
        prop::bool::ANY,
    )
        .prop_map(|(id, question, alternatives, runs, tags, list)| {
            let inlines: Vec<Inline> = runs
                .into_iter()
                .map(|(t, m)| text(t, m & (mark::EM | mark::STRONG | mark::CODE | mark::STRIKE)))
                .collect();
            let mut answer = vec![Block::Para {
                children: inlines.clone(),
            }];
            if list {
                answer.push(Block::List {
                    ordered: true,
                    items: vec![inlines.clone(), vec![Inline::Break]],
                });
                answer.push(Block::Para {
                    children: vec![Inline::Link {
                        href: "https://x.example/a".into(),
                        children: inlines,
                    }],
                });
            }
            Entry {
                id,
                question,
                alternatives,
                answer,
                tags: tags.clone(),
                scope: Scope {
                    skus: tags,
                    ..Scope::default()
                },
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn write_then_read_round_trips(entries in prop::collection::vec(arb_entry(), 0..12), locale in "(en|de|fr|ja)") {
        let mut meta = Meta::new();
        meta.insert("locale".into(), locale);
        let bytes = bundle::write(&meta, &entries, &[vec!["parcel".into(), "package".into()]]);
        let b = Bundle::from_bytes(bytes.clone()).unwrap();
        prop_assert_eq!(b.entries().unwrap(), entries.clone());
        // The settings come back, plus the built-in texts of the shop's language.
        for (k, v) in b.meta() {
            prop_assert!(meta.get(k) == Some(v) || k.starts_with("widget."), "{k}");
        }
        prop_assert!(meta.iter().all(|(k, v)| b.meta().get(k) == Some(v)));
        prop_assert_eq!(bundle::write(&meta, &entries, &[vec!["parcel".into(), "package".into()]]), bytes);
        for e in &entries {
            if !e.question.trim().is_empty() {
                // Searching must never fail on any input.
                search(&b, &e.question, &SearchOptions::default()).unwrap();
            }
        }
    }
}

#[test]
fn csv_and_tsv_exports_import_directly() {
    let out = tmpdir("csv");
    assert!(cli()
        .args(["build", "tests/data/csv-shop", "--bundle-only", "--out"])
        .arg(&out)
        .current_dir(root())
        .status()
        .unwrap()
        .success());
    let b = Bundle::from_bytes(std::fs::read(built_bundle(&out)).unwrap()).unwrap();
    let entries = b.entries().unwrap();
    assert_eq!(entries.len(), 3);
    let v = entries.iter().find(|e| e.id == "versand").unwrap();
    assert_eq!(v.tags, vec!["versand", "lieferung"]);
    assert_eq!(v.alternatives, vec!["Wann kommt meine Bestellung an?"]);
    assert_eq!(
        shop_answers::doc::plain_text(&v.answer),
        "Pakete kommen in 2–3 Werktagen an, \"meistens\" schneller."
    );
    let jacket = entries
        .iter()
        .find(|e| e.question.starts_with("Passt"))
        .unwrap();
    assert_eq!(jacket.scope.skus, vec!["AT-100", "AT-101"]);
    // German analysis: plural and case folded, umlauts folded.
    let r = search(&b, "Rücksendung Artikel", &SearchOptions::default()).unwrap();
    assert_eq!(b.entry(r.hits[0].doc).unwrap().id, "rueckgabe");
}

#[test]
fn bad_csv_reports_positions() {
    let o = cli()
        .args(["check", "tests/data/bad-csv"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("tests/data/bad-csv/faq.csv:1:17: error: unknown column `colour`"),
        "{err}"
    );
    assert!(
        err.contains("tests/data/bad-csv/quotes.csv:2:1: error: quoted cell is never closed"),
        "{err}"
    );
}

#[test]
fn highlights_mark_the_shoppers_words_in_the_question() {
    let mut meta = Meta::new();
    meta.insert("locale".into(), "en".into());
    let e = Entry {
        id: "a".into(),
        question: "How long does shipping take to Köln?".into(),
        answer: vec![Block::Para {
            children: vec![text("x".into(), 0)],
        }],
        ..Entry::default()
    };
    let b = Bundle::from_bytes(bundle::write(&meta, std::slice::from_ref(&e), &[])).unwrap();
    let r = search(&b, "shiping koln", &SearchOptions::default()).unwrap();
    let ranges = shop_answers::search::highlights(&b.analyzer(), &e.question, &r.matched_terms);
    let words: Vec<&str> = ranges.iter().map(|&(s, e2)| &e.question[s..e2]).collect();
    assert_eq!(words, vec!["shipping", "Köln"]);
}

#[test]
fn contact_settings_reach_the_bundle_and_mistakes_are_located() {
    let dir = tmpdir("contact");
    std::fs::write(dir.join("a.md"), "+++\nquestion = \"A?\"\n+++\nYes.\n").unwrap();
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\n[contact]\nemail = \"help@x.example\"\nendpoint = \"/inbox\"\nencoding = \"form\"\n\
[[contact.fields]]\nname = \"message\"\n[[contact.fields]]\nname = \"size\"\nlabel = \"Size\"\ntype = \"select\"\noptions = [\"S\", \"M\"]\n",
    )
    .unwrap();
    let out = tmpdir("contact-out");
    let o = cli()
        .args(["build"])
        .arg(&dir)
        .args(["--bundle-only", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = Bundle::from_bytes(std::fs::read(built_bundle(&out)).unwrap()).unwrap();
    let c = shop_answers::contact::ContactConfig::from_meta(b.meta()).expect("a form");
    assert_eq!(c.encoding, shop_answers::contact::Encoding::Form);
    assert_eq!(c.fields.len(), 2);
    assert_eq!(c.fields[1].options, ["S", "M"]);
    assert_eq!(c.email, "help@x.example");

    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\n[contact]\nendpoint = \"/inbox\"\n[[contact.fields]]\nname = \"size\"\nlabel = \"Size\"\ntype = \"select\"\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("shop.toml:5:1: error: the select field `size` has no options"),
        "{err}"
    );
}

#[test]
fn scopes_that_name_nothing_are_errors() {
    let dir = tmpdir("scope");
    std::fs::write(dir.join("shop.toml"), "[shop]\nname = \"x\"\n").unwrap();
    std::fs::write(
        dir.join("a.md"),
        "+++\nid = \"a\"\nquestion = \"Is it warm?\"\nscope.skus = [\"\"]\nscope.product_tags = [\"wool\", \"wool\"]\nscope.pages = [\"prodcut\"]\n+++\nYes.\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!o.status.success());
    assert!(
        err.contains("a.md:4:16: error: an empty value in scope.skus names no product"),
        "{err}"
    );
    assert!(
        err.contains("a.md:5:24: warning: `wool` is listed twice in scope.product_tags"),
        "{err}"
    );
    assert!(
        err.contains("a.md:6:17: error: unknown page type `prodcut` in scope.pages"),
        "{err}"
    );
}

#[test]
fn widget_texts_follow_the_shop_language_and_the_shop_overrides_them() {
    let mut meta = Meta::new();
    meta.insert("locale".into(), "de-AT".into());
    meta.insert("widget.yes".into(), "Jawohl".into());
    let b = Bundle::from_bytes(bundle::write(&meta, &[], &[])).unwrap();
    assert_eq!(
        b.text("widget.title", "Questions? Ask us"),
        "Fragen? Fragen Sie uns"
    );
    assert_eq!(b.text("widget.yes", "Yes"), "Jawohl");
    assert_eq!(b.text("widget.unknown", "English"), "English");
    meta.insert("locale".into(), "ja".into());
    let b = Bundle::from_bytes(bundle::write(&meta, &[], &[])).unwrap();
    assert_eq!(
        b.text("widget.title", "Questions? Ask us"),
        "Questions? Ask us"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    // Far more than a pipe buffers, so the CLI is still writing when the reader goes.
    let mut child = cli()
        .args(["synth", "--entries", "200000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 1024];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
