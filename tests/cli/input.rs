//! Real-world and hostile input (issue 18): what shop owners' files and the open web send.

use super::support::{cli, tmpdir};
use std::path::Path;

/// A stand-in for the compiled widget: `build` only copies its files.
fn fake_widget(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for f in [
        "shop_answers_context.js",
        "shop_answers_context_bg.wasm",
        "shop_answers_search.js",
        "shop_answers_search_bg.wasm",
    ] {
        std::fs::write(dir.join(f), format!("/* {f} */")).unwrap();
    }
}

/// A copy of a source folder with one more entry, so its bundle has another name.
fn shop_variant(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("faq")).unwrap();
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"Variant\"\nlocale = \"en-GB\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("faq/a.md"),
        format!("+++\nid = \"v{n}\"\nquestion = \"Variant {n}?\"\n+++\nAnswer {n}.\n"),
    )
    .unwrap();
}

#[test]
fn concurrent_builds_into_one_out_leave_a_whole_build() {
    let base = tmpdir("concurrent");
    let widget = base.join("widget");
    fake_widget(&widget);
    let shops: Vec<_> = (0..4)
        .map(|i| {
            let d = base.join(format!("shop{i}"));
            shop_variant(&d, i);
            d
        })
        .collect();
    let out = base.join("dist");
    for round in 0..6 {
        let children: Vec<_> = shops
            .iter()
            .cycle()
            .take(8)
            .map(|s| {
                cli()
                    .arg("build")
                    .arg(s)
                    .arg("--out")
                    .arg(&out)
                    .arg("--widget")
                    .arg(&widget)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap())
                .unwrap();
        let loader = std::fs::read_to_string(out.join("shop-answers.js")).unwrap();
        for (key, name) in manifest.as_object().unwrap() {
            let name = name.as_str().unwrap();
            assert!(
                out.join(name).is_file(),
                "round {round}: manifest's {key} {name} is missing"
            );
            assert!(loader.contains(name), "round {round}: loader lacks {name}");
        }
    }
}

/// Waits for a child at most `secs` seconds (killing it then): a hang fails the test
/// instead of stalling the suite.
fn wait_bounded(mut child: std::process::Child, secs: u64) -> std::process::Output {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn context_reads_twenty_thousand_unclosed_divs_in_linear_time() {
    let dir = tmpdir("deep-page");
    let page = dir.join("deep.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Deep</title></head><body>{}<p>x</p></body></html>",
            "<div>".repeat(20_000)
        ),
    )
    .unwrap();
    let child = cli()
        .arg("context")
        .arg(&page)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Was 47 s; bounded it takes well under a second even unoptimised.
    let o = wait_bounded(child, 30);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("deeper than 512"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.is_object());
}

/// A source folder with a shop.toml and the given files; returns `check`'s stderr and
/// whether it passed.
fn check_shop(name: &str, files: &[(&str, &[u8])], extra: &[&str]) -> (String, bool) {
    let dir = tmpdir(name);
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\nlocale = \"en\"\n",
    )
    .unwrap();
    for (f, bytes) in files {
        std::fs::write(dir.join(f), bytes).unwrap();
    }
    let o = cli().arg("check").args(extra).arg(&dir).output().unwrap();
    (String::from_utf8(o.stderr).unwrap(), o.status.success())
}

#[test]
fn byte_order_marks_are_dropped_in_every_format() {
    let (err, ok) = check_shop(
        "bom",
        &[
            ("a.csv", b"\xEF\xBB\xBFid,question,answer\nc1,Q one?,A.\n"),
            (
                "b.jsonl",
                b"\xEF\xBB\xBF{\"id\": \"j1\", \"question\": \"Q two?\", \"answer\": \"A.\"}\n",
            ),
            (
                "c.md",
                b"\xEF\xBB\xBF+++\nid = \"m1\"\nquestion = \"Q three?\"\n+++\nA.\n",
            ),
        ],
        &[],
    );
    assert!(ok, "{err}");
    assert!(err.contains("ok: 3 entries"), "{err}");
}

#[test]
fn csv_separator_is_sniffed_or_named() {
    let semi: &[u8] =
        b"id;question;answer;tags\ns1;Wie lange?;Zwei Tage, meistens.;versand|lieferung\n";
    let (err, ok) = check_shop("semi", &[("faq.csv", semi)], &[]);
    assert!(ok && err.contains("ok: 1 entries"), "{err}");
    let (err, ok) = check_shop("semi-forced", &[("faq.csv", semi)], &["--delimiter", ","]);
    assert!(!ok);
    assert!(
        err.contains("unknown column `id;question;answer;tags`") && err.contains("--delimiter"),
        "{err}"
    );
    let tab: &[u8] = b"question\tanswer\nQ?\tA, b.\n";
    let (err, ok) = check_shop("tab-in-csv", &[("faq.csv", tab)], &[]);
    assert!(ok, "{err}");
}

#[test]
fn other_encodings_are_named_at_the_first_bad_byte() {
    let (err, ok) = check_shop(
        "latin1",
        &[("faq.csv", b"question,answer\nQ?,Caf\xE9 au lait.\n")],
        &[],
    );
    assert!(!ok);
    assert!(
        err.contains("faq.csv:2:7: error: byte 0xE9 is not UTF-8; the file looks like Latin-1"),
        "{err}"
    );
    let utf16: Vec<u8> = std::iter::once([0xFF, 0xFE])
        .chain("question,answer\n".encode_utf16().map(u16::to_le_bytes))
        .flatten()
        .collect();
    let (err, ok) = check_shop("utf16", &[("faq.csv", &utf16)], &[]);
    assert!(!ok);
    assert!(
        err.contains("faq.csv:1:1: error: this file is UTF-16"),
        "{err}"
    );
}

#[test]
fn spreadsheet_mistakes_get_spreadsheet_hints() {
    let (err, ok) = check_shop(
        "csv-mistakes",
        &[
            ("a.csv", b"question,answer\nNo answer here?,\n"),
            ("b.csv", b"question,answer,answer\nQ?,A,B\n"),
        ],
        &[],
    );
    assert!(!ok);
    assert!(
        err.contains("a.csv:2:1: error: the entry \"No answer here?\" has no answer")
            && err.contains("fill the row's `answer` cell"),
        "{err}"
    );
    assert!(!err.contains("below the closing `+++`"), "{err}");
    assert!(
        err.contains("b.csv:1:17: error: duplicate column `answer`"),
        "{err}"
    );
}

#[test]
fn empty_files_header_only_and_no_entries_are_reported() {
    let (err, ok) = check_shop(
        "empties",
        &[
            ("a.md", b""),
            ("b.csv", b"question,answer\n"),
            ("c.jsonl", b"\n\n"),
        ],
        &[],
    );
    assert!(ok, "warnings only: {err}");
    assert!(err.contains("a.md:1:1: warning: empty file"), "{err}");
    assert!(
        err.contains("b.csv:1:1: warning: only a header row"),
        "{err}"
    );
    assert!(err.contains("c.jsonl:1:1: warning: empty file"), "{err}");
    assert!(err.contains("warning: no entries"), "{err}");
}

#[test]
fn files_that_are_not_read_are_named_and_json_arrays_get_a_hint() {
    let array: &[u8] = b"[{\"question\": \"Q?\", \"answer\": \"A.\"}]\n";
    let (err, ok) = check_shop(
        "json",
        &[
            ("faq.json", array),
            ("b.jsonl", array),
            ("c.md", b"+++\nquestion = \"Q?\"\n+++\nA.\n"),
        ],
        &[],
    );
    assert!(!ok);
    assert!(
        err.contains("faq.json:1:1: warning: not read") && err.contains("jq -c"),
        "{err}"
    );
    assert!(
        err.contains("b.jsonl:1:1: error: this is a JSON array, not JSON Lines"),
        "{err}"
    );
}

#[test]
fn one_set_of_keys_and_one_id_check_for_every_format() {
    let (err, ok) = check_shop(
        "keys",
        &[
            (
                "a.jsonl",
                b"{\"id\": \"a1\", \"question\": \"Q?\", \"answer\": \"A.\", \"tgas\": [\"x\"]}\n{\"id\": \"a2\", \"question\": \"Q2?\", \"answer\": \"A.\", \"scope\": {\"page\": [\"faq\"]}}\n{\"id\": \"\", \"question\": \"Q3?\", \"answer\": \"A.\"}\n{\"id\": \"a b\", \"question\": \"Q4?\", \"answer\": \"A.\", \"scope\": {\"pages\": [\"prodcut\"]}}\n",
            ),
            ("b.md", b"+++\nid = \"x/y\"\nquestion = \"Q5?\"\n+++\nA.\n"),
            ("c.csv", b"id,question,answer\nhas space,Q6?,A.\n"),
        ],
        &[],
    );
    assert!(!ok);
    for want in [
        "a.jsonl:1:",
        "unknown field `tgas`",
        "did you mean `tags`?",
        "unknown field `page`",
        "did you mean `pages`?",
        "a.jsonl:3:9: error: an empty id",
        "a.jsonl:4:9: error: an id with spaces: `a b`",
        "a.jsonl:4:",
        "unknown page type `prodcut` in scope.pages",
        "did you mean `product`?",
        "b.md:2:7: error: an id with a slash: `x/y`",
        "c.csv:2:1: error: an id with spaces: `has space`",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
}

#[test]
fn scheme_relative_and_backslash_links_are_not_relative() {
    let (err, ok) = check_shop(
        "links",
        &[
            (
                "a.md",
                b"+++\nquestion = \"Q?\"\n+++\nSee [x](//evil.example/x) and [y](\\\\\\\\evil.example\\\\x) or [ok](/pages/returns).\n",
            ),
            (
                "b.jsonl",
                b"{\"question\": \"Q2?\", \"answer\": \"[x](//evil.example/x)\"}\n",
            ),
        ],
        &[],
    );
    assert!(!ok);
    assert!(
        err.contains("a.md:4:5: error: link target `//evil.example/x` is not allowed"),
        "{err}"
    );
    assert!(
        err.contains("error: link target `\\\\evil.example\\x` is not allowed"),
        "{err}"
    );
    assert!(
        err.contains("b.jsonl:1:1: error: link target `//evil.example/x`"),
        "{err}"
    );
    assert!(
        err.contains("write a link to another site in full"),
        "{err}"
    );
    assert!(!err.contains("kept without the link"), "{err}");
}

const DELIVERY: &str = "[shop]\nregion = \"GB\"\ncutoff = \"14:00\"\nhandling = { min = 0, max = 1 }\n\n[[closures]]\nfrom = \"2026-12-24\"\nto = \"2027-01-01\"\n\n[[closures]]\nfrom = \"2026-12-30\"\nto = \"2027-01-05\"\n\n[[closures]]\nfrom = \"2020-01-01\"\nto = \"2099-12-31\"\n\n[[methods]]\nname = \"Standard\"\n\n[[methods.zones]]\nname = \"Far\"\ncountries = [\"XX\"]\ntransit = { min = 2, max = 3 }\n";

#[test]
fn codes_are_checked_against_the_real_lists() {
    let dir = tmpdir("codes");
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\nlocale = \"english\"\ntime_zone = \"Europe/London\"\ncurrency = \"POUNDS\"\n\n[contact]\nendpoint = \"http://api.shop.example/contact\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("delivery.toml"), DELIVERY).unwrap();
    std::fs::write(dir.join("a.md"), "+++\nquestion = \"Q?\"\n+++\nA.\n").unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!o.status.success());
    for want in [
        "shop.toml:3:10: error: `english` is not a locale",
        "did you mean `en`?",
        "shop.toml:5:12: error: `POUNDS` is not an ISO 4217 currency code",
        "`GBP`",
        "shop.toml:8:12: warning: `http://api.shop.example/contact` is sent unencrypted",
        "delivery.toml:23:14: error: unknown country code `XX`",
        "delivery.toml:12:6: warning: the closure from 2026-12-30 to 2027-01-05 overlaps",
        "delivery.toml:16:6: warning: the closure from 2020-01-01 to 2099-12-31 lasts",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    // A mistake in shop.toml does not also claim the time zone is missing.
    std::fs::write(
        dir.join("shop.toml"),
        "[shop]\nname = \"x\"\ntime_zone = \"Europe/London\"\ncolour = 1\n",
    )
    .unwrap();
    let o = cli().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(!err.contains("need the shop's time zone"), "{err}");
}

#[test]
fn valid_from_far_from_today_is_warned() {
    let out = tmpdir("valid-from");
    let o = cli()
        .args([
            "build",
            "pkg-config",
            "--bundle-only",
            "--valid-from",
            "9999-12-01",
            "--out",
        ])
        .arg(&out)
        .current_dir(super::support::root())
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("warning: --valid-from 9999-12-01 is more than a year from today"),
        "{err}"
    );
}

fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let o = cli()
        .args(args)
        .current_dir(super::support::root())
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code(),
    )
}

#[test]
fn wrong_paths_get_one_clear_error() {
    let out = tmpdir("paths");
    let o = out.to_str().unwrap();
    let (_, err, code) = run(&["build", "/nonexistent", "--bundle-only", "--out", o]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("/nonexistent:1:1: error: no such folder or file"),
        "{err}"
    );
    assert!(!err.contains("UTF-8"), "{err}");
    let (_, err, code) = run(&["build", "README.md", "--bundle-only", "--out", o]);
    assert_eq!(code, Some(1));
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(
        err.contains("not a source folder or a file of entries"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written"
    );
    // --out inside the sources.
    let src = tmpdir("out-in-src");
    std::fs::write(src.join("shop.toml"), "[shop]\nname = \"x\"\n").unwrap();
    std::fs::write(src.join("a.md"), "+++\nquestion = \"Q?\"\n+++\nA.\n").unwrap();
    for inside in [src.clone(), src.join("dist")] {
        let o = cli()
            .arg("build")
            .arg(&src)
            .arg("--bundle-only")
            .arg("--out")
            .arg(&inside)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success());
        assert!(err.contains("is inside the source folder"), "{err}");
    }
    assert!(!src.join("dist").exists());
    assert!(!src.join("manifest.json").exists());
}

#[test]
fn query_and_delivery_arguments_are_checked() {
    let out = tmpdir("args");
    let o = out.to_str().unwrap();
    let (_, err, code) = run(&["build", "pkg-config", "--bundle-only", "--out", o]);
    assert_eq!(code, Some(0), "{err}");
    let (_, err, code) = run(&["query", "--bundle", o, "--top", "0", "shipping"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--top"), "{err}");
    for c in ["Narnia", "XX"] {
        let (_, err, code) = run(&[
            "delivery",
            "--bundle",
            o,
            "--now",
            "2030-01-01T00:00:00Z",
            "--country",
            c,
        ]);
        assert_eq!(code, Some(1));
        assert!(err.contains("--country"), "{c}: {err}");
    }
    let long = "shipping ".repeat(1_000);
    let (_, err, code) = run(&["query", "--bundle", o, &long]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("questions are searched up to 1024 bytes"),
        "{err}"
    );
    // A binary --jsonl / --queries file is named.
    let bin = out.join("q.bin.jsonl");
    std::fs::write(&bin, b"\xFF\xFE\x00\x01garbage\n").unwrap();
    let b = bin.to_str().unwrap();
    let (_, err, _) = run(&["query", "--bundle", o, "--jsonl", b]);
    assert!(err.contains("q.bin.jsonl:1: not UTF-8"), "{err}");
    let (_, err, _) = run(&["eval", "--bundle", o, "--queries", b]);
    assert!(err.contains("q.bin.jsonl:1: not UTF-8"), "{err}");
}

#[test]
fn a_dist_folder_must_say_which_bundle_is_current() {
    let out = tmpdir("two-bundles");
    let o = out.to_str().unwrap();
    let (_, err, code) = run(&["build", "pkg-config", "--bundle-only", "--out", o]);
    assert_eq!(code, Some(0), "{err}");
    let bundle = super::support::built_bundle(&out);
    std::fs::copy(&bundle, out.join("bundle.000000000000.bin")).unwrap();
    std::fs::write(out.join("manifest.json"), b"\x00\x01 not json").unwrap();
    let (_, err, code) = run(&["query", "--bundle", o, "shipping"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("manifest.json is not a manifest"), "{err}");
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    let (_, err, code) = run(&["query", "--bundle", o, "shipping"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("2 bundles and no manifest.json")
            && err.contains("bundle.000000000000.bin")
            && err.contains(bundle.file_name().unwrap().to_str().unwrap()),
        "{err}"
    );
}

#[test]
fn context_reads_the_declared_encoding_and_checks_the_url() {
    let dir = tmpdir("charset");
    let latin1 = dir.join("latin1.html");
    std::fs::write(
        &latin1,
        b"<html><head><meta charset=iso-8859-1><title>Th\xE9 vert</title></head><body></body></html>",
    )
    .unwrap();
    let p = latin1.to_str().unwrap();
    let (out, err, code) = run(&["context", p, "--snapshot"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Thé vert"), "{out}");
    let utf16 = dir.join("utf16.html");
    let page: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "<html><head><title>Größe</title></head></html>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(&utf16, page).unwrap();
    let (out, _, _) = run(&["context", utf16.to_str().unwrap(), "--snapshot"]);
    assert!(out.contains("Größe"), "{out}");
    for bad in ["not a url", "ftp://x.example/p", "/products/tee"] {
        let (_, err, code) = run(&["context", p, "--url", bad]);
        assert_eq!(code, Some(1), "{bad}");
        assert!(err.contains("--url"), "{bad}: {err}");
    }
}

#[test]
fn long_answers_and_heavy_bundles_are_reported() {
    let dir = tmpdir("sizes");
    let long = "word ".repeat(4_000); // 20 KB
    let mut jsonl = String::new();
    for i in 0..120 {
        jsonl.push_str(
            &serde_json::json!({"id": format!("e{i}"), "question": format!("Question {i}?"), "answer": long})
                .to_string(),
        );
        jsonl.push('\n');
    }
    let src = dir.join("faq.jsonl");
    std::fs::write(&src, &jsonl).unwrap();
    let out = dir.join("out");
    let o = cli()
        .arg("build")
        .arg(&src)
        .arg("--bundle-only")
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("faq.jsonl:1:1: warning: the answer is 19 KB long"),
        "{err}"
    );
    assert!(err.contains("warning: the bundle is"), "{err}");
    let huge = dir.join("huge.jsonl");
    std::fs::write(
        &huge,
        serde_json::json!({"question": "Manual?", "answer": "x ".repeat(600_000)}).to_string(),
    )
    .unwrap();
    let out2 = dir.join("out2");
    let o = cli()
        .arg("build")
        .arg(&huge)
        .arg("--bundle-only")
        .arg("--out")
        .arg(&out2)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("huge.jsonl:1:1: error: the answer is 1171 KB long"),
        "{err}"
    );
    assert!(!out2.exists(), "nothing written");
}

/// The fuzz corpora (fuzz/corpus/<target>/, grown by cargo-fuzz on nightly) replayed on
/// stable through the same entry points as the fuzz targets, so every input that once found
/// new code stays a regression test in `cargo test`.
#[test]
fn fuzz_corpora_replay_without_panics() {
    let root = super::support::root().join("fuzz/corpus");
    let mut n = 0;
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        let target = dir.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let data = std::fs::read(f.path()).unwrap();
            let text = std::str::from_utf8(&data).ok();
            n += 1;
            match (target.as_str(), text) {
                ("bundle", _) => {
                    if let Ok(b) = shop_answers::Bundle::from_bytes(data.clone()) {
                        let _ = b.entries();
                        let _ = b.delivery();
                    }
                }
                ("html", _) => {
                    let (html, _) = shop_answers::context::dom::decode_page(&data);
                    let _ = shop_answers::classify(&shop_answers::context::html::read(&html, ""));
                }
                ("json_ld", Some(t)) => {
                    let _ = shop_answers::context::json::parse(t);
                }
                ("markdown", Some(t)) => drop(shop_answers::source::read_text_as("a.md", t)),
                ("csv", Some(t)) => drop(shop_answers::source::read_text_as("faq.csv", t)),
                ("jsonl", Some(t)) => drop(shop_answers::source::read_text_as("faq.jsonl", t)),
                ("shop_toml", Some(t)) => drop(shop_answers::source::read_text_as("shop.toml", t)),
                ("delivery_toml", Some(t)) => {
                    drop(shop_answers::source::read_text_as("delivery.toml", t))
                }
                _ => {}
            }
        }
    }
    assert!(n > 50, "{n} corpus files");
}

/// Found by the csv fuzz target: an id derived from a long question in a script of
/// multi-byte letters was cut inside a letter, and `check` panicked.
#[test]
fn ids_from_long_questions_in_any_script_are_cut_on_a_letter() {
    let q = "ab配送に時間はどのくらいかかりますか配送に時間はどのくらいかかりますか配送";
    let (err, ok) = check_shop(
        "slug",
        &[(
            "a.md",
            format!("+++\nquestion = \"{q}\"\n+++\nA.\n").as_bytes(),
        )],
        &[],
    );
    assert!(ok, "{err}");
    for q in [
        q,
        "x-".repeat(40).as_str(),
        "Ελληνικά ερωτήματα για την αποστολή στο εξωτερικό σήμερα",
    ] {
        let id = shop_answers::source::slug(q);
        assert!(id.len() <= 64 && !id.ends_with('-'), "{id}");
    }
}
