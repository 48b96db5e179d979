//! Helpers shared by the integration-test binaries that drive the CLI.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `shop-answers` binary built for this test run.
pub fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shop-answers"))
}

/// The repository root (the tests run the CLI on its `pkg-config/` and `tests/data/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty directory for one test, unique to this process.
pub fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shop-answers-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The bundle `build` wrote into `out`.
pub fn built_bundle(out: &Path) -> PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .expect("a bundle was written")
}
