//! The compiled widget the CLI carries (build.rs embeds it), or one from a folder during
//! development (`build --widget DIR`), so a shop's build needs no checkout.

use crate::fsx::content_hash;
use anyhow::Context;
use std::path::Path;

/// The widget's stylesheet and the loader template ship inside the CLI too.
const STYLES: &str = include_str!("../../../www/widget.css");
/// The loader: the script a shop pastes, with the widget's life in the page between its two
/// `/*CORE*/` marks, which the ES module shares.
pub const LOADER: &str = include_str!("../../../www/loader.js");
/// Type declarations of the browser API.
pub const TYPES: &str = include_str!("../../../www/shop-answers.d.ts");

include!(concat!(env!("OUT_DIR"), "/widget.rs"));

/// The widget's two modules: the first-paint one and the interactive one the loader fetches
/// on intent, each its wasm-bindgen glue and wasm.
pub struct Widget {
    /// First-paint module's glue.
    pub glue: Vec<u8>,
    /// First-paint module's wasm.
    pub wasm: Vec<u8>,
    /// Interactive module's glue.
    pub search_glue: Vec<u8>,
    /// Interactive module's wasm.
    pub search_wasm: Vec<u8>,
}

impl Widget {
    /// The widget in `dir` when given, else the one this binary carries.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Widget> {
        let get = |name: &str| -> anyhow::Result<Vec<u8>> {
            match dir {
                Some(dir) => {
                    let p = dir.join(name);
                    std::fs::read(&p).with_context(|| {
                        format!(
                            "reading the compiled widget {} (run `make widget`, or leave out --widget to use the one this CLI carries)",
                            p.display()
                        )
                    })
                }
                None => Ok(embedded(name).to_vec()),
            }
        };
        Ok(Widget {
            glue: get("shop_answers_context.js")?,
            wasm: get("shop_answers_context_bg.wasm")?,
            search_glue: get("shop_answers_search.js")?,
            search_wasm: get("shop_answers_search_bg.wasm")?,
        })
    }
}

/// One file of the widget as a build writes it: its manifest key, its content-hashed name
/// and its bytes.
pub struct Asset {
    /// The loader manifest's key (`glue`, `wasm`, `search_glue`, `search_wasm`, `css`).
    pub key: &'static str,
    /// `widget.<hash>.<ext>` or `widget-search.<hash>.<ext>`.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl Widget {
    /// The widget's files under content-hashed names, which is what lets hosts cache them
    /// forever: the first-paint module, the interactive one and the stylesheet.
    pub fn assets(self) -> Vec<Asset> {
        [
            ("glue", "widget", "js", self.glue),
            ("wasm", "widget", "wasm", self.wasm),
            ("search_glue", "widget-search", "js", self.search_glue),
            ("search_wasm", "widget-search", "wasm", self.search_wasm),
            ("css", "widget", "css", STYLES.as_bytes().to_vec()),
        ]
        .into_iter()
        .map(|(key, stem, ext, bytes)| Asset {
            key,
            name: format!("{stem}.{}.{ext}", &content_hash(&bytes)[..12]),
            bytes,
        })
        .collect()
    }
}

fn embedded(name: &str) -> &'static [u8] {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
        .expect("build.rs embeds every widget file")
}

/// `--version`: the CLI's version and the widget build it carries, by the content hashes its
/// files get in `dist/` (`widget.<hash>.wasm`, `widget-search.<hash>.wasm`), so a deployed
/// page can be traced to the binary that built it.
pub fn version() -> String {
    let hash = |name| content_hash(embedded(name))[..12].to_string();
    format!(
        "{} (widget {} + {})",
        env!("CARGO_PKG_VERSION"),
        hash("shop_answers_context_bg.wasm"),
        hash("shop_answers_search_bg.wasm")
    )
}
