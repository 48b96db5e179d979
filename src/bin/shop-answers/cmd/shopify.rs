//! `build --shopify-app DIR`: the shop's own Shopify app project, ready for
//! `shopify app deploy` — a theme app extension carrying every file the build wrote, and a
//! UI extension for the Thank you and Order status pages carrying the order table.

use crate::fsx::write_atomic;
use anyhow::{bail, Context};
use base64::Engine as _;
use shop_answers::answer;
use shop_answers::context::{PageContext, PageType};
use shop_answers::delivery::table;
use shop_answers::Bundle;
use std::path::Path;

/// The app project's fixed files, under `integrations/shopify/app/` in the repository. The
/// CLI carries them so a build needs no checkout; `{{…}}` placeholders are filled in.
const TEMPLATE: &[(&str, &str)] = &[
    ("shopify.app.toml", include_str!("../../../../integrations/shopify/app/shopify.app.toml")),
    ("package.json", include_str!("../../../../integrations/shopify/app/package.json")),
    (".gitignore", include_str!("../../../../integrations/shopify/app/.gitignore")),
    (
        "extensions/shop-answers-theme/shopify.extension.toml",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-theme/shopify.extension.toml"),
    ),
    (
        "extensions/shop-answers-theme/blocks/app-embed.liquid",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-theme/blocks/app-embed.liquid"),
    ),
    (
        "extensions/shop-answers-theme/blocks/product-answers.liquid",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-theme/blocks/product-answers.liquid"),
    ),
    (
        "extensions/shop-answers-theme/locales/en.default.schema.json",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-theme/locales/en.default.schema.json"),
    ),
    (
        "extensions/shop-answers-orders/shopify.extension.toml",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/shopify.extension.toml"),
    ),
    (
        "extensions/shop-answers-orders/package.json",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/package.json"),
    ),
    (
        "extensions/shop-answers-orders/tsconfig.json",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/tsconfig.json"),
    ),
    (
        "extensions/shop-answers-orders/shopify.d.ts",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/shopify.d.ts"),
    ),
    (
        "extensions/shop-answers-orders/src/promise.js",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/src/promise.js"),
    ),
    (
        "extensions/shop-answers-orders/src/OrderBlock.jsx",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/src/OrderBlock.jsx"),
    ),
    (
        "extensions/shop-answers-orders/src/ThankYou.jsx",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/src/ThankYou.jsx"),
    ),
    (
        "extensions/shop-answers-orders/src/OrderStatus.jsx",
        include_str!("../../../../integrations/shopify/app/extensions/shop-answers-orders/src/OrderStatus.jsx"),
    ),
];

/// Where the theme extension's assets go; every file in it is the build's.
const ASSETS: &str = "extensions/shop-answers-theme/assets";
/// The generated snippet mapping each build file to its CDN URL.
const ASSET_SNIPPET: &str = "extensions/shop-answers-theme/snippets/shop-answers-assets.liquid";
/// The generated data of the order extension.
const ORDER_DATA: &str = "extensions/shop-answers-orders/src/shop-answers.json";

/// The product block's stylesheet (its schema names it): the room the block reserves.
const SLOTS_CSS: (&str, &str) = (
    "shop-answers-slots.css",
    include_str!("../../../../integrations/shopify/app/extensions/shop-answers-theme/assets/shop-answers-slots.css"),
);

/// File types a theme app extension may carry as assets (Shopify CLI's pre-deploy check).
const ASSET_TYPES: &[&str] = &["js", "css", "json", "wasm", "png", "jpg", "jpeg", "svg"];

/// What the build hands over.
pub struct Input<'a> {
    /// The app directory to write.
    pub out: &'a Path,
    /// The Dev Dashboard app's client ID, when known.
    pub client_id: Option<&'a str>,
    /// Every file the build wrote for the browser, by name, with its bytes.
    pub files: &'a [(String, Vec<u8>)],
    /// The bundle's bytes.
    pub bundle: &'a [u8],
    /// Other names of each delivery method in the checkout.
    pub checkout_names: &'a [Vec<String>],
}

/// Writes the app project; returns the number of theme assets.
pub fn write(input: &Input<'_>) -> anyhow::Result<usize> {
    let bundle = Bundle::from_bytes(input.bundle.to_vec()).context("reopening the bundle")?;
    let meta = bundle.meta();
    let shop_name = meta
        .get("shop.name")
        .cloned()
        .unwrap_or_else(|| "the shop".into());
    let package: String = {
        let s: String = shop_name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let s = s
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        format!("shop-answers-{}", if s.is_empty() { "app" } else { &s })
    };
    // Without --shopify-client-id a rebuild keeps the ID the project already has.
    let kept = kept_line(&input.out.join("shopify.app.toml"), "client_id")
        .and_then(|l| Some(l.split('"').nth(1)?.to_string()));
    let client_id = input
        .client_id
        .map(str::to_string)
        .or(kept)
        .unwrap_or_default();
    if client_id.contains(['"', '\\', '\n']) {
        bail!("--shopify-client-id {client_id:?}: not a client ID");
    }
    let json_str = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let fill = |text: &str| {
        text.replace("{{SHOP_NAME}}", &shop_name.replace(['\n', '"'], " "))
            .replace(
                "{{APP_NAME}}",
                &format!("Shop answers – {shop_name}").replace(['\n', '"'], " "),
            )
            .replace("{{PACKAGE_NAME}}", &package)
            .replace("{{CLIENT_ID}}", &client_id)
    };

    // Theme assets: the build's files as they are, each file type Shopify refuses (the
    // bundle's .bin) as JSON holding its bytes in base64 under `<name>.json`.
    let mut assets: Vec<(String, String, Vec<u8>)> = Vec::new();
    assets.push((
        SLOTS_CSS.0.into(),
        SLOTS_CSS.0.into(),
        SLOTS_CSS.1.as_bytes().to_vec(),
    ));
    for (name, bytes) in input.files {
        let ext = name.rsplit('.').next().unwrap_or("");
        if name.ends_with(".d.ts") {
            continue; // types for developers, never served
        }
        if ASSET_TYPES.contains(&ext) {
            assets.push((name.clone(), name.clone(), bytes.clone()));
        } else {
            let wrapped = format!(
                "{{\"name\":{},\"base64\":\"{}\"}}\n",
                json_str(name),
                base64::engine::general_purpose::STANDARD.encode(bytes)
            );
            assets.push((name.clone(), format!("{name}.json"), wrapped.into_bytes()));
        }
    }
    let mut snippet = String::from(
        "{%- comment -%}\n  Written by `shop-answers build --shopify-app`: each file of the build, by its name in the build,\n  to its URL on Shopify's CDN, for the loader's data-assets.\n{%- endcomment -%}\n{",
    );
    // The slots stylesheet (first) is the block's, loaded by Shopify, not by the loader.
    for (i, (name, stored, _)) in assets.iter().skip(1).enumerate() {
        if i > 0 {
            snippet.push(',');
        }
        snippet.push_str(&format!(
            "{}:{{{{ {} | asset_url | json }}}}",
            json_str(name),
            liquid_str(stored)
        ));
    }
    snippet.push_str("}\n");

    // The order extension's data: the order table, the post-purchase answers and the words.
    let data = order_data(&bundle, input.checkout_names)?;

    // Everything is written file by file through renames; the assets folder is ours, so
    // files of earlier builds are removed once the new ones are in place.
    for (path, text) in TEMPLATE {
        let target = input.out.join(path);
        let mut text = fill(text);
        // Shopify CLI records each extension's uid in its toml on deploy: a rebuild keeps it,
        // so the next deploy updates the same extensions instead of adding new ones.
        if path.ends_with("shopify.extension.toml") {
            if let Some(uid) = kept_line(&target, "uid") {
                text = with_uid(&text, &uid);
            }
        }
        write_atomic(&target, text.as_bytes())?;
    }
    write_atomic(&input.out.join(ASSET_SNIPPET), snippet.as_bytes())?;
    write_atomic(&input.out.join(ORDER_DATA), data.as_bytes())?;
    let dir = input.out.join(ASSETS);
    for (_, stored, bytes) in &assets {
        write_atomic(&dir.join(stored), bytes)?;
    }
    if let Ok(rd) = std::fs::read_dir(&dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !assets.iter().any(|(_, stored, _)| *stored == name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(assets.len())
}

/// The line `key = …` of an existing file, trimmed.
fn kept_line(path: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .map(str::trim)
        .find(|l| l.split('=').next().is_some_and(|k| k.trim() == key) && l.contains('"'))
        .map(str::to_string)
}

/// `text` with `uid_line` after its `handle` line (a UI extension) or its `type` line.
fn with_uid(text: &str, uid_line: &str) -> String {
    let anchor = if text.lines().any(|l| l.trim_start().starts_with("handle =")) {
        "handle ="
    } else {
        "type ="
    };
    let mut out = String::new();
    let mut done = false;
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if !done && line.trim_start().starts_with(anchor) {
            out.push_str(uid_line);
            out.push('\n');
            done = true;
        }
    }
    out
}

/// A Liquid string literal (single-quoted; build file names hold no quote).
fn liquid_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', ""))
}

fn order_data(bundle: &Bundle, checkout_names: &[Vec<String>]) -> anyhow::Result<String> {
    let table = match bundle.delivery() {
        Some(rules) => {
            let rules = rules.context("reading the bundle's delivery rules")?;
            Some(table::build(&rules, checkout_names).context("precomputing the order table")?)
        }
        None => None,
    };
    let ctx = PageContext {
        page_type: PageType::OrderConfirmation,
        ..PageContext::default()
    };
    let plan = answer::plan(bundle, &ctx, 0, None);
    let mut answers = Vec::new();
    for doc in plan.entries {
        let e = bundle.entry(doc).context("reading an answer")?;
        answers.push(serde_json::json!({"id": e.id, "question": e.question, "answer": e.answer}));
    }
    let texts = serde_json::json!({
        "title": bundle.text("widget.order_title", "About your order"),
        "estimate": bundle.text("widget.delivery_estimate", "Estimated delivery: {dates}"),
        "not_served": bundle.text("widget.delivery_not_served", "We don't deliver to {country} yet."),
        "unavailable": bundle.text(
            "widget.delivery_unavailable",
            "Delivery dates can't be shown right now; see our delivery information."
        ),
    });
    let v = serde_json::json!({
        "locale": bundle.meta().get(shop_answers::bundle::META_LOCALE),
        "table": table,
        "answers": answers,
        "texts": texts,
    });
    Ok(serde_json::to_string(&v)? + "\n")
}
