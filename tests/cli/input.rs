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
