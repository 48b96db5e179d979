//! The CLI carries the widget: a build needs no checkout, `--version` names the widget it
//! carries, and `module` writes it as an ES module for bundlers.

use super::support::{cli, root, tmpdir};

/// `shop-answers 0.1.0 (widget <hash> + <hash>)` → the two hashes.
fn carried() -> (String, String) {
    let o = cli().arg("--version").output().unwrap();
    assert!(o.status.success());
    let v = String::from_utf8(o.stdout).unwrap();
    let inner = v
        .split("(widget ")
        .nth(1)
        .expect(&v)
        .trim_end()
        .trim_end_matches(')');
    let (a, b) = inner.split_once(" + ").expect(&v);
    assert!(a.len() == 12 && b.len() == 12, "{v}");
    (a.to_string(), b.to_string())
}

#[test]
fn a_build_from_any_folder_uses_the_widget_the_cli_carries() {
    let (first, search) = carried();
    let dir = tmpdir("install-anywhere");
    let o = cli()
        .args(["build"])
        .arg(root().join("pkg-config"))
        .args(["--out", "dist", "--valid-from", "2026-11-01"])
        .env_remove("SHOP_ANSWERS_WIDGET")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest = std::fs::read_to_string(dir.join("dist/manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"widget.{first}.wasm\"")),
        "{manifest}"
    );
    assert!(
        manifest.contains(&format!("\"widget-search.{search}.wasm\"")),
        "{manifest}"
    );
    assert!(dir.join(format!("dist/widget.{first}.wasm")).is_file());
}

#[test]
fn a_widget_folder_that_is_not_there_is_an_error_and_nothing_is_written() {
    let dir = tmpdir("install-missing-widget");
    let o = cli()
        .args(["build"])
        .arg(root().join("pkg-config"))
        .args(["--out", "dist", "--widget", "no-such-folder"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no-such-folder") && err.contains("leave out --widget"),
        "{err}"
    );
    assert!(!dir.join("dist/manifest.json").exists());
    assert!(!dir.join("dist/shop-answers.js").exists());
}

#[test]
fn module_writes_an_es_module_whose_every_file_is_there_and_named_by_its_content() {
    let (first, _) = carried();
    let dir = tmpdir("install-module");
    let o = cli().args(["module", "--out"]).arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = std::fs::read_to_string(dir.join("index.js")).unwrap();
    assert!(index.contains("export function mount(options)"));
    assert!(index.contains(&format!(
        "new URL(\"./widget.{first}.wasm\", import.meta.url)"
    )));
    let types = std::fs::read_to_string(dir.join("index.d.ts")).unwrap();
    assert!(types.contains("export declare function mount(options: MountOptions): ShopAnswersApi;"));
    assert!(dir.join("shop-answers.d.ts").is_file());
    // Every file index.js names is beside it, its name the hash of its bytes (the glue's too,
    // which this command rewrites).
    let mut named = 0;
    for part in index.split("\"./").skip(1) {
        let file = part.split('"').next().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|_| panic!("{file} is missing"));
        let hash = file.split('.').nth(1).unwrap();
        assert_eq!(hash, &fnv(&bytes)[..12], "{file}");
        named += 1;
    }
    assert_eq!(named, 5, "two glue modules, two wasm, the stylesheet");
    // The glue points bundlers at the hashed wasm beside it, not at wasm-bindgen's name.
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("widget") && name.ends_with(".js") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            assert!(!text.contains("_bg.wasm'"), "{name}");
        }
    }
}

/// The CLI's content hash (64-bit FNV-1a).
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
