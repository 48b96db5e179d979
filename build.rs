//! The CLI carries the compiled widget (its two modules' glue and wasm), so `shop-answers build`
//! works from any folder and an installed binary needs no checkout. This script finds the
//! widget — `SHOP_ANSWERS_WIDGET_DIR`, the checkout's `target/widget` (what `make widget`
//! writes), or `widget-dist/` (what a packaged crate ships) — and, on a fresh checkout with
//! none of them, builds it with `scripts/build-widget.sh`. The widget's own wasm32 builds of
//! this crate need nothing here.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The widget's files, as `scripts/build-widget.sh` names them.
const FILES: [&str; 4] = [
    "shop_answers_context.js",
    "shop_answers_context_bg.wasm",
    "shop_answers_search.js",
    "shop_answers_search_bg.wasm",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SHOP_ANSWERS_WIDGET_DIR");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if std::env::var_os("CARGO_FEATURE_CLI").is_none() || wasm {
        return;
    }
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dir = match found(&root) {
        Some(dir) => dir,
        None => build(&root),
    };
    let mut code = String::from(
        "/// The compiled widget this CLI carries (written by build.rs), by file name.\n\
         pub const EMBEDDED: [(&str, &[u8]); 4] = [\n",
    );
    for name in FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("widget.rs");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(&out, code).expect("writing widget.rs into OUT_DIR");
    }
}

/// The first place that holds every widget file.
fn found(root: &Path) -> Option<PathBuf> {
    let complete = |d: &Path| FILES.iter().all(|f| d.join(f).is_file());
    if let Some(dir) = std::env::var_os("SHOP_ANSWERS_WIDGET_DIR") {
        let dir = PathBuf::from(dir);
        if !complete(&dir) {
            panic!(
                "SHOP_ANSWERS_WIDGET_DIR={} lacks the widget's files ({}): build them with \
                 `bash scripts/build-widget.sh` (they land in target/widget)",
                dir.display(),
                FILES.join(", ")
            );
        }
        return Some(dir);
    }
    [root.join("target/widget"), root.join("widget-dist")]
        .into_iter()
        .find(|d| complete(d))
}

/// Builds the widget on a fresh checkout, with the same script `make widget` runs.
fn build(root: &Path) -> PathBuf {
    let script = root.join("scripts/build-widget.sh");
    let help = "The shop-answers CLI carries the compiled widget. Build it first: \
                `bash scripts/setup.sh` installs what that needs (the wasm32 target, the \
                wasm-bindgen CLI, Node.js packages with wasm-opt), then `bash scripts/build-widget.sh`; \
                or set SHOP_ANSWERS_WIDGET_DIR to a folder holding a built widget.";
    if !script.is_file() {
        panic!("no compiled widget found and no scripts/build-widget.sh to build one. {help}");
    }
    println!("cargo:warning=building the widget with scripts/build-widget.sh (none built yet)");
    let mut cmd = Command::new("bash");
    cmd.arg(&script).current_dir(root);
    // The nested cargo builds for wasm32 in target dirs of its own; the flags and target of
    // this (host) build must not leak into it.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        let cargo_own =
            key.starts_with("CARGO_") && key != "CARGO_HOME" && key != "CARGO_MAKEFLAGS";
        let build_env = [
            "RUSTC",
            "RUSTDOC",
            "RUSTC_WRAPPER",
            "RUSTC_WORKSPACE_WRAPPER",
            "RUSTC_LINKER",
            "TARGET",
            "HOST",
            "OUT_DIR",
            "PROFILE",
            "OPT_LEVEL",
            "DEBUG",
            "NUM_JOBS",
        ]
        .contains(&key.as_str());
        if cargo_own || build_env {
            cmd.env_remove(&key);
        }
    }
    let status = cmd
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .unwrap_or_else(|e| panic!("running bash {}: {e}. {help}", script.display()));
    let dir = root.join("target/widget");
    if !status.success() || found(root).is_none() {
        panic!("scripts/build-widget.sh failed ({status}; its output is above). {help}");
    }
    dir
}
