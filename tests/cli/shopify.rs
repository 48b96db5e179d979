//! `build --shopify-app`: the app project carries every file of the build (the bundle
//! wrapped as JSON), the asset map names each one, the template is complete, and a bad
//! combination of options writes nothing.

use crate::support::{cli, root, tmpdir};
use std::collections::BTreeSet;
use std::path::Path;

fn files_under(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn shopify_app_carries_every_file_of_the_build() {
    let widget = root().join("target/widget");
    if !widget.join("shop_answers_context_bg.wasm").exists() {
        eprintln!("skipped: no compiled widget in target/widget (run `make widget`)");
        return;
    }
    let out = tmpdir("shopify-app");
    let (dist, app) = (out.join("dist"), out.join("app"));
    let o = cli()
        .args([
            "build",
            "pkg-config",
            "--valid-from",
            "2026-11-01",
            "--shopify-client-id",
            "abc123",
            "--widget",
        ])
        .arg(&widget)
        .arg("--out")
        .arg(&dist)
        .arg("--shopify-app")
        .arg(&app)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Every template file is written (so the CLI's list cannot fall behind the repository's).
    let template = files_under(&root().join("integrations/shopify/app"));
    let written = files_under(&app);
    for f in &template {
        assert!(written.contains(f), "{f} missing from the app project");
    }
    let toml = std::fs::read_to_string(app.join("shopify.app.toml")).unwrap();
    assert!(
        toml.contains("client_id = \"abc123\"")
            && toml.contains("name = \"Shop answers – Alpine Threads\""),
        "{toml}"
    );
    assert!(!written.iter().any(|f| std::fs::read_to_string(app.join(f))
        .is_ok_and(|t| t.contains("{{SHOP_NAME}}") || t.contains("{{CLIENT_ID}}"))));

    // Every file of the build is an asset, under its own name or wrapped as JSON.
    let assets = app.join("extensions/shop-answers-theme/assets");
    let snippet = std::fs::read_to_string(
        app.join("extensions/shop-answers-theme/snippets/shop-answers-assets.liquid"),
    )
    .unwrap();
    for f in files_under(&dist) {
        // Types are for developers; the build's lock file is no asset.
        if f.ends_with(".d.ts") || f.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(dist.join(&f)).unwrap();
        if f.ends_with(".bin") {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(assets.join(format!("{f}.json"))).unwrap())
                    .unwrap();
            use base64::Engine as _;
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(v["base64"].as_str().unwrap())
                .unwrap();
            assert_eq!(decoded, bytes, "{f} round-trips through its JSON asset");
            assert!(
                snippet.contains(&format!("\"{f}\":{{{{ '{f}.json' | asset_url | json }}}}")),
                "{snippet}"
            );
        } else {
            assert_eq!(std::fs::read(assets.join(&f)).unwrap(), bytes, "{f}");
            assert!(
                snippet.contains(&format!("\"{f}\":{{{{ '{f}' | asset_url | json }}}}")),
                "{snippet}"
            );
        }
    }
    let exts: BTreeSet<String> = files_under(&assets)
        .iter()
        .map(|f| f.rsplit('.').next().unwrap().to_string())
        .collect();
    assert!(
        exts.iter()
            .all(|e| ["js", "css", "json", "wasm"].contains(&e.as_str())),
        "{exts:?}"
    );

    // The order data: the table and the answers for order pages.
    let data: serde_json::Value = serde_json::from_slice(
        &std::fs::read(app.join("extensions/shop-answers-orders/src/shop-answers.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(data["table"]["v"], 1);
    let ids: Vec<&str> = data["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["track-order", "change-order", "return-policy"]);

    // A second build with other answers leaves no stale asset behind, and keeps what Shopify
    // CLI recorded (the client ID, each extension's uid).
    let orders_toml = app.join("extensions/shop-answers-orders/shopify.extension.toml");
    let t = std::fs::read_to_string(&orders_toml).unwrap();
    std::fs::write(
        &orders_toml,
        t.replace(
            "handle = \"shop-answers-orders\"\n",
            "handle = \"shop-answers-orders\"\nuid = \"9f1c-uid\"\n",
        ),
    )
    .unwrap();
    let o = cli()
        .args(["build", "tests/data/golden-shop", "--widget"])
        .arg(&widget)
        .arg("--out")
        .arg(out.join("dist2"))
        .arg("--shopify-app")
        .arg(&app)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let now: BTreeSet<String> = files_under(&assets);
    let dist2: BTreeSet<String> = files_under(&out.join("dist2"))
        .into_iter()
        .filter(|f| !f.ends_with(".d.ts") && !f.starts_with('.'))
        .map(|f| {
            if f.ends_with(".bin") {
                format!("{f}.json")
            } else {
                f
            }
        })
        // The product block's own stylesheet, beside the build's files.
        .chain(["shop-answers-slots.css".to_string()])
        .collect();
    assert_eq!(now, dist2);
    assert!(std::fs::read_to_string(&orders_toml)
        .unwrap()
        .contains("handle = \"shop-answers-orders\"\nuid = \"9f1c-uid\"\n"));
    assert!(std::fs::read_to_string(app.join("shopify.app.toml"))
        .unwrap()
        .contains("client_id = \"abc123\""));
}

#[test]
fn shopify_app_needs_the_widget_files() {
    let out = tmpdir("shopify-app-bundle-only");
    let o = cli()
        .args(["build", "pkg-config", "--bundle-only", "--out"])
        .arg(out.join("dist"))
        .arg("--shopify-app")
        .arg(out.join("app"))
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--shopify-app needs the widget's files"));
    assert!(
        !out.join("app").exists() && !out.join("dist").exists(),
        "nothing written"
    );
}
