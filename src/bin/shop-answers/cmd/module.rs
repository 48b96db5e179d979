//! `module --out DIR`: the widget as an ES module for headless storefronts and bundlers
//! (Vite, webpack, Next.js): `import { mount } from "…/index.js"`, the same API as the script
//! tag's `window.ShopAnswers`, the wasm and stylesheet as files the bundler copies. The npm
//! package's `shop-answers/widget` is this folder.

use crate::fsx::{content_hash, write_atomic};
use crate::widget::{Widget, LOADER, TYPES};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write index.js, its types, the widget's modules and stylesheet into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Directory with a compiled widget to use instead of the one this CLI carries.
    #[arg(long, env = "SHOP_ANSWERS_WIDGET", value_name = "DIR")]
    pub widget: Option<PathBuf>,
}

/// The ES module's types: `mount` and the API it returns, declared in shop-answers.d.ts.
const INDEX_TYPES: &str = r#"// Types of `shop-answers/widget` (written by `shop-answers module`).
import type { ShopAnswersApi } from "./shop-answers";
export type * from "./shop-answers";

/** Options of {@link mount}. */
export interface MountOptions {
  /** URL of the shop's answer bundle (`bundle.<hash>.bin` from `shop-answers build`). */
  bundle: string;
  /** CSS selector of the element to render into (default: `[data-shop-answers-slot]`, else a floating launcher). */
  slot?: string;
  /** Re-read the page after history.pushState/replaceState and back/forward by itself
   * (default false: call `refresh()` from the router after each navigation). */
  watchNavigation?: boolean;
}

/** Starts the widget in this page (once: later calls return the same API). Browser only:
 * call it from an effect or a client component, not during server rendering. */
export declare function mount(options: MountOptions): ShopAnswersApi;
"#;

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let core = core(LOADER)?;
    let mut assets = Widget::load(a.widget.as_deref())?.assets();
    let wasm_names: Vec<(String, String)> = assets
        .iter()
        .filter(|x| x.key.ends_with("wasm"))
        .map(|x| (x.key.replace("wasm", "glue"), x.name.clone()))
        .collect();
    for asset in assets.iter_mut().filter(|x| x.key.ends_with("glue")) {
        // wasm-bindgen's default module path names the unhashed file; a bundler looks for it
        // at build time, so it names the file beside it instead (the loader always passes the
        // compiled module, so the path is never fetched). The glue's name follows its bytes.
        let wasm = &wasm_names
            .iter()
            .find(|(k, _)| *k == asset.key)
            .expect("a wasm per glue")
            .1;
        let text = String::from_utf8(std::mem::take(&mut asset.bytes))
            .context("the widget's glue is not UTF-8")?;
        let stem = if asset.key == "glue" {
            "shop_answers_context"
        } else {
            "shop_answers_search"
        };
        let from = format!("new URL('{stem}_bg.wasm', import.meta.url)");
        if !text.contains(&from) {
            bail!("the widget's glue has no `{from}` to point at {wasm}");
        }
        asset.bytes = text
            .replace(&from, &format!("new URL('./{wasm}', import.meta.url)"))
            .into_bytes();
        let prefix = asset.name.split('.').next().unwrap_or("widget").to_string();
        asset.name = format!("{prefix}.{}.js", &content_hash(&asset.bytes)[..12]);
    }
    let name = |key: &str| {
        assets
            .iter()
            .find(|x| x.key == key)
            .map(|x| x.name.clone())
            .expect("every key is an asset")
    };
    // Static specifiers, so bundlers see every file: `import("./…")` for the glue modules,
    // `new URL("./…", import.meta.url)` for the wasm and the stylesheet.
    let mut js = String::from(
        "// shop-answers/widget: the answer widget as an ES module (written by `shop-answers module`).\n\
         // `mount({ bundle })` starts it; after a client-side navigation call `refresh()` on what it returns.\n",
    );
    js.push_str("const modules = {\n");
    for key in ["glue", "search_glue"] {
        let n = name(key);
        js.push_str(&format!("  {n:?}: () => import(\"./{n}\"),\n"));
    }
    js.push_str("};\nconst urls = {\n");
    for key in ["wasm", "search_wasm", "css"] {
        let n = name(key);
        js.push_str(&format!(
            "  {n:?}: new URL(\"./{n}\", import.meta.url).href,\n"
        ));
    }
    js.push_str("};\nconst manifest = {");
    for (i, key) in ["glue", "wasm", "search_glue", "search_wasm", "css"]
        .iter()
        .enumerate()
    {
        js.push_str(&format!(
            "{}{key}: {:?}",
            if i > 0 { ", " } else { " " },
            name(key)
        ));
    }
    js.push_str(
        " };\n// The same code as the script tag's loader (www/loader.js).\nconst shopAnswers = ",
    );
    js.push_str(core);
    js.push_str(
        r#";
let mounted = null;
/** Starts the widget in this page, once; returns the API of `window.ShopAnswers`. */
export function mount(options) {
  if (mounted) return mounted;
  if (typeof window === "undefined") {
    throw new Error("shop-answers: mount() runs in the browser; call it from an effect, not during server rendering");
  }
  if (!options || typeof options.bundle !== "string" || !options.bundle) {
    throw new Error("shop-answers: mount({ bundle }) needs the URL of the shop's answer bundle");
  }
  const sa = shopAnswers(manifest, (name) => urls[name], (name) => modules[name](), {
    bundle: options.bundle,
    slot: options.slot,
    watch: !!options.watchNavigation,
  });
  sa.start();
  mounted = sa.api;
  return mounted;
}
"#,
    );

    for asset in &assets {
        write_atomic(&a.out.join(&asset.name), &asset.bytes)?;
    }
    write_atomic(&a.out.join("shop-answers.d.ts"), TYPES.as_bytes())?;
    write_atomic(&a.out.join("index.d.ts"), INDEX_TYPES.as_bytes())?;
    write_atomic(&a.out.join("index.js"), js.as_bytes())?;
    // Files of an earlier widget in this folder are not this one's.
    if let Ok(rd) = std::fs::read_dir(&a.out) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with("widget") && !assets.iter().any(|x| x.name == n) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    eprintln!(
        "widget module → {} (index.js, index.d.ts, {} files)",
        a.out.display(),
        assets.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The loader's shared part, between its two `/*CORE*/` marks.
fn core(loader: &str) -> anyhow::Result<&str> {
    let mut parts = loader.split("/*CORE*/");
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(core), Some(_)) => Ok(core.trim()),
        _ => bail!("the loader template lacks its /*CORE*/ marks"),
    }
}
