//! `context`: what the widget would understand of a storefront page (page type, platform,
//! product or order), read from a saved HTML file; `--eval` scores the reader on a folder
//! of labelled pages.

use anyhow::{bail, Context as _};
use serde_json::Value;
use shop_answers::context::{PageContext, PageType};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// The saved page (with --eval: the labels file, `labels.jsonl` beside a `raw/` folder).
    pub file: PathBuf,
    /// The address the page was served from (default: its canonical link, else og:url).
    #[arg(long)]
    pub url: Option<String>,
    /// Print what the reader took from the page (every field the classifier sees) instead
    /// of the verdict: the first step in tracing a wrong verdict to its markup.
    #[arg(long)]
    pub snapshot: bool,
    /// Score the reader on labelled pages: FILE is a labels.jsonl (one object per page with
    /// `file`, `url`, `page_type`, `alt_page_types`, `sku`, `alt_skus`, `order_number`,
    /// `platform`, `platform_detail`, `page_subtype`), the pages are in `raw/` beside it.
    #[arg(long)]
    pub eval: bool,
    /// With --eval, list every page the reader got wrong.
    #[arg(long)]
    pub misses: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if a.eval {
        return eval(&a.file, a.misses);
    }
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    if let Some(u) = &a.url {
        check_url(u)?;
    }
    let (html, _) = shop_answers::context::dom::decode_page(&bytes);
    let (snapshot, stats) =
        shop_answers::context::html::read_counted(&html, a.url.as_deref().unwrap_or(""));
    if stats.dropped_deep > 0 {
        eprintln!(
            "{}: warning: the page nests elements deeper than {} ({} start tags deeper were read as siblings, as browsers do)",
            a.file.display(),
            shop_answers::limits::MAX_DOM_DEPTH,
            stats.dropped_deep
        );
    }
    if stats.truncated {
        eprintln!(
            "{}: warning: the page has more than {} nodes; the rest was not read",
            a.file.display(),
            shop_answers::limits::MAX_DOM_NODES
        );
    }
    if a.snapshot {
        println!("{snapshot:#?}");
    } else {
        println!("{}", shop_answers::classify(&snapshot).to_json());
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses a `--url` that is not an absolute http(s) address: the classifier reads the
/// path and the query, and a typo would silently classify as another page.
fn check_url(u: &str) -> anyhow::Result<()> {
    match url::Url::parse(u) {
        Ok(p) if matches!(p.scheme(), "http" | "https") && p.host().is_some() => Ok(()),
        Ok(p) => bail!("--url {u:?}: expected an http:// or https:// address, not {}:", p.scheme()),
        Err(e) => bail!("--url {u:?}: not a URL ({e}); give the page's full address, e.g. https://shop.example/products/tee"),
    }
}

/// Lower case, letters and digits only: how labelled and found ids are compared.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Default)]
struct Tally {
    n: usize,
    type_ok: usize,
    id_ok: usize,
    id_n: usize,
    order_ok: usize,
    order_n: usize,
    neg_mis: usize,
    neg_n: usize,
    plat_ok: usize,
    plat_n: usize,
}

impl Tally {
    fn line(&self, name: &str) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "    -".to_string()
            } else {
                format!("{:5.1}%", 100.0 * a as f64 / b as f64)
            }
        };
        format!(
            "  {name:24} {:>4}  {:>4}/{:<4}{}  {:>4}/{:<4}{}  {:>3}/{:<3}  {:>3}/{:<3}  {:>3}/{:<3}",
            self.n,
            self.type_ok,
            self.n,
            pct(self.type_ok, self.n),
            self.id_ok,
            self.id_n,
            pct(self.id_ok, self.id_n),
            self.order_ok,
            self.order_n,
            self.neg_mis,
            self.neg_n,
            self.plat_ok,
            self.plat_n
        )
    }
}

/// Scores the reader on a labelled folder: page type, product id, order number, negatives
/// read as product or order pages and platform, for shop pages and marketplace pages apart,
/// with the native time per 100 KB of HTML. Prints figures; never fails on them.
fn eval(labels: &Path, misses: bool) -> anyhow::Result<ExitCode> {
    let dir = labels.parent().unwrap_or(Path::new("."));
    let text =
        std::fs::read_to_string(labels).with_context(|| format!("reading {}", labels.display()))?;
    let mut shop = Tally::default();
    let mut market = Tally::default();
    let mut per_100k: Vec<f64> = Vec::new();
    let mut wrong: Vec<String> = Vec::new();
    let mut total_bytes = 0usize;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a JSON object", labels.display(), i + 1))?;
        let Some(file) = l["file"].as_str() else {
            bail!("{}:{}: no \"file\"", labels.display(), i + 1);
        };
        let path = dir.join("raw").join(file);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let (html, _) = shop_answers::context::dom::decode_page(&bytes);
        let url = l["url"].as_str().unwrap_or("");
        let t = Instant::now();
        let ctx = shop_answers::classify(&shop_answers::context::html::read(&html, url));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        total_bytes += bytes.len();
        per_100k.push(ms * 100_000.0 / bytes.len().max(1) as f64);
        let t = if l["page_subtype"].as_str() == Some("marketplace") {
            &mut market
        } else {
            &mut shop
        };
        let mut why = Vec::new();
        score(&l, &ctx, t, &mut why);
        if !why.is_empty() {
            wrong.push(format!("  {file}: {}", why.join("; ")));
        }
    }
    let mut all = Tally::default();
    for t in [&shop, &market] {
        all.n += t.n;
        all.type_ok += t.type_ok;
        all.id_ok += t.id_ok;
        all.id_n += t.id_n;
        all.order_ok += t.order_ok;
        all.order_n += t.order_n;
        all.neg_mis += t.neg_mis;
        all.neg_n += t.neg_n;
        all.plat_ok += t.plat_ok;
        all.plat_n += t.plat_n;
    }
    println!(
        "  {:24} {:>4}  {:>15}  {:>15}  {:>7}  {:>7}  {:>7}",
        "pages", "n", "page type", "product id", "order", "neg→pos", "platform"
    );
    println!("{}", shop.line("shop pages"));
    println!("{}", market.line("marketplace pages"));
    println!("{}", all.line("all"));
    per_100k.sort_by(f64::total_cmp);
    let med = per_100k.get(per_100k.len() / 2).copied().unwrap_or(0.0);
    let max = per_100k.last().copied().unwrap_or(0.0);
    println!(
        "native read + classify: median {med:.2} ms, worst {max:.2} ms per 100 KB of HTML ({:.1} MB in {} pages)",
        total_bytes as f64 / 1e6,
        all.n
    );
    if misses && !wrong.is_empty() {
        println!("wrong:\n{}", wrong.join("\n"));
    }
    Ok(ExitCode::SUCCESS)
}

fn score(l: &Value, ctx: &PageContext, t: &mut Tally, why: &mut Vec<String>) {
    let strs = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let label_type = l["page_type"].as_str().unwrap_or("other").to_string();
    let mut accepted = vec![label_type.clone()];
    accepted.extend(strs(&l["alt_page_types"]));
    let got = ctx.page_type.as_str();
    t.n += 1;
    if accepted.iter().any(|a| a == got) {
        t.type_ok += 1;
    } else {
        why.push(format!("type {got}, labelled {label_type}"));
    }
    if label_type == "product" {
        if let Some(sku) = l["sku"].as_str().filter(|s| !norm(s).is_empty()) {
            t.id_n += 1;
            let mut truth: Vec<String> = vec![norm(sku)];
            truth.extend(strs(&l["alt_skus"]).iter().map(|s| norm(s)));
            let p = ctx.product.as_ref();
            let found: Vec<String> = [
                p.and_then(|p| p.sku.as_deref()),
                p.and_then(|p| p.id.as_deref()),
            ]
            .into_iter()
            .flatten()
            .map(norm)
            .filter(|s| !s.is_empty())
            .collect();
            if found.iter().any(|f| truth.contains(f)) {
                t.id_ok += 1;
            } else {
                why.push(format!("product id {found:?}, labelled {sku}"));
            }
        }
    }
    if let Some(n) = l["order_number"].as_str().filter(|s| !norm(s).is_empty()) {
        t.order_n += 1;
        let got = ctx
            .order
            .as_ref()
            .and_then(|o| o.number.as_deref())
            .map(norm);
        if got.as_deref() == Some(norm(n).as_str()) {
            t.order_ok += 1;
        } else {
            why.push(format!("order number {got:?}, labelled {n}"));
        }
    }
    let positive = |s: &str| s == "product" || s == "order_confirmation";
    if !accepted.iter().any(|a| positive(a)) {
        t.neg_n += 1;
        if matches!(
            ctx.page_type,
            PageType::Product | PageType::OrderConfirmation
        ) {
            t.neg_mis += 1;
            why.push(format!("a negative read as {got}"));
        }
    }
    // A platform counts when it is labelled, by name or in detail (the labelled name of a
    // platform the reader knows though the label's scorer does not).
    let labelled = [l["platform"].as_str(), l["platform_detail"].as_str()]
        .into_iter()
        .flatten()
        .filter(|p| *p != "other")
        .collect::<Vec<_>>();
    let named = ctx.platform.as_str();
    if let Some(first) = labelled.first() {
        if shop_answers::context::Platform::ALL
            .iter()
            .any(|p| labelled.contains(&p.as_str()))
        {
            t.plat_n += 1;
            if labelled.contains(&named) {
                t.plat_ok += 1;
            } else {
                why.push(format!("platform {named}, labelled {first}"));
            }
        }
    } else if named != "other" {
        why.push(format!("platform {named} on a page labelled other"));
    }
}
