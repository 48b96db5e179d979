//! `build`: sources → `dist/` (bundle, widget assets, loader), all names content-hashed
//! except the loader, which is written last so a half-finished build is never live.

use crate::fsx::{content_hash, write_atomic};
use anyhow::{bail, Context};
use shop_answers::delivery::Date;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::widget::{Widget, LOADER, TYPES};

#[derive(clap::Args)]
pub struct Args {
    /// Source directory (with shop.toml) or a .jsonl file of entries.
    pub sources: PathBuf,
    /// Output directory.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// Directory with a compiled widget to use instead of the one this CLI carries (for
    /// developing the widget: `make widget` writes target/widget).
    #[arg(long, env = "SHOP_ANSWERS_WIDGET", value_name = "DIR")]
    pub widget: Option<PathBuf>,
    /// The separator of CSV/TSV sources: `,`, `;` or `tab` (default: the one each file's
    /// header row uses most).
    #[arg(long, value_name = "SEP", value_parser = super::parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Write only the bundle, not the widget assets.
    #[arg(long)]
    pub bundle_only: bool,
    /// Print build time and peak memory as one JSON line on stdout (for benchmarks).
    #[arg(long, hide = true)]
    pub stats: bool,
    /// First day of the delivery rules' 18-month validity window (YYYY-MM-DD, in the shop's
    /// time zone). Default: the UTC date of $SOURCE_DATE_EPOCH if set, else the first day of
    /// the current month, so builds within a month are byte-identical.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub valid_from: Option<String>,
    /// Also write the shop's Shopify app project here (theme app extension with every file
    /// of the build, Thank you and Order status extension with the order table), ready for
    /// `shopify app deploy`.
    #[arg(long, value_name = "DIR")]
    pub shopify_app: Option<PathBuf>,
    /// The client ID of the shop's app in Shopify's Dev Dashboard, for shopify.app.toml.
    #[arg(long, value_name = "ID", requires = "shopify_app")]
    pub shopify_client_id: Option<String>,
}

/// The validity window's first day: `--valid-from`, else `SOURCE_DATE_EPOCH`'s UTC date,
/// else the first day of the current month (UTC).
pub fn valid_from(arg: Option<&str>) -> anyhow::Result<Date> {
    if let Some(s) = arg {
        return Date::parse(s)
            .map_err(|_| anyhow::anyhow!("--valid-from {s:?}: expected a date as YYYY-MM-DD"));
    }
    let day = |secs: i64| Date(secs.div_euclid(86_400) as i32);
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = v.trim().parse().map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH={v:?}: expected seconds since 1970-01-01")
        })?;
        if !(0..=253_402_300_799).contains(&secs) {
            bail!("SOURCE_DATE_EPOCH={v:?} is out of range");
        }
        return Ok(day(secs));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, m, _) = day(now).ymd();
    Date::from_ymd(y, m, 1).context("current month")
}

/// Refuses an `--out` that is the source folder or inside it: the next build would read its
/// own output as sources, and the clean-up of stale assets would delete in the shop's folder.
fn check_out(sources: &Path, out: &Path) -> anyhow::Result<()> {
    let (Ok(src), true) = (sources.canonicalize(), sources.is_dir()) else {
        return Ok(());
    };
    // The folder may not exist yet: resolve its nearest existing ancestor.
    let mut probe = out.to_path_buf();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(p) = probe.canonicalize() {
            break p;
        }
        match (probe.file_name(), probe.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n.to_os_string());
                probe = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return Ok(()),
        }
    };
    let full = rest.iter().rev().fold(base, |p, n| p.join(n));
    if full.starts_with(&src) {
        bail!(
            "--out {} is inside the source folder {}: write the build elsewhere (e.g. --out dist beside it)",
            out.display(),
            sources.display()
        );
    }
    Ok(())
}

/// The bundle against the budgets of what a phone should download
/// ([`shop_answers::limits::BUNDLE_WARN_BYTES`], [`shop_answers::limits::BUNDLE_MAX_BYTES`]):
/// a warning over the first, an error (nothing written) over the second.
fn check_bundle_size(len: usize) -> anyhow::Result<()> {
    use shop_answers::limits::{BUNDLE_MAX_BYTES, BUNDLE_WARN_BYTES};
    let mb = |n: usize| n as f64 / (1024.0 * 1024.0);
    if len > BUNDLE_MAX_BYTES {
        bail!(
            "the bundle would be {:.1} MB, over the {:.0} MB a shopper's phone can be asked to download; nothing written (shorten long answers, or split the catalog)",
            mb(len),
            mb(BUNDLE_MAX_BYTES)
        );
    }
    if len > BUNDLE_WARN_BYTES {
        eprintln!(
            "warning: the bundle is {:.1} MB; over {:.0} MB it takes a phone on a slow connection more than ten seconds to download\n  hint: shorten long answers and link to pages for details",
            mb(len),
            mb(BUNDLE_WARN_BYTES)
        );
    }
    Ok(())
}

/// How far from today `--valid-from` may be without a warning: the window is 18 months, so
/// a start more than a year away leaves the bundle with no dates for today.
const VALID_FROM_WARN_DAYS: i32 = 366;

/// Warns when `--valid-from` is so far from today that today's promises fall outside the
/// window (a typo such as 9999-12-01, or last year's date).
fn warn_far_valid_from(given: bool, from: Date) {
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| (d.as_secs() / 86_400) as i32);
    if given && (from.0 - today).abs() > VALID_FROM_WARN_DAYS {
        eprintln!(
            "warning: --valid-from {from} is more than a year from today: the bundle will have no delivery dates for today's orders\n  hint: leave --valid-from out for the current month, or check the year"
        );
    }
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    if a.shopify_app.is_some() && a.bundle_only {
        bail!("--shopify-app needs the widget's files: leave out --bundle-only");
    }
    check_out(&a.sources, &a.out)?;
    let sources = shop_answers::source::load_with(
        &a.sources,
        &shop_answers::source::LoadOptions {
            delimiter: a.delimiter,
        },
    );
    if super::report(&sources) > 0 {
        eprintln!("nothing written");
        return Ok(ExitCode::FAILURE);
    }
    let delivery = match &sources.delivery {
        Some(cfg) => {
            let from = valid_from(a.valid_from.as_deref())?;
            warn_far_valid_from(a.valid_from.is_some(), from);
            let rules = cfg
                .compile(from)
                .with_context(|| format!("precomputing delivery calendars from {from}"))?;
            let (first, last) =
                shop_answers::delivery::precompute::window_local_dates(&rules.data.tz)
                    .unwrap_or((from, from));
            eprintln!(
                "delivery rules: {} method(s), {} holiday calendar(s), valid {first} to {last} (shop dates, inclusive)",
                rules.data.methods.len(),
                rules.data.regions.len()
            );
            Some(rules)
        }
        None => None,
    };
    // A progress bar on a terminal, for builds long enough to wait for.
    let total = sources.entries.len();
    let progress =
        (total >= 20_000 && std::io::stderr().is_terminal()).then_some(move |done: usize| {
            let filled = done * 30 / total.max(1);
            eprint!(
                "\rindexing [{}{}] {done}/{total} entries",
                "#".repeat(filled),
                ".".repeat(30 - filled)
            );
        });
    let bundle = shop_answers::bundle::write_with(
        &sources.meta,
        &sources.entries,
        &sources.synonyms,
        &shop_answers::bundle::Extras {
            delivery: delivery.as_ref(),
            progress: progress.as_ref().map(|p| p as &dyn Fn(usize)),
        },
    );
    check_bundle_size(bundle.len())?;
    let bundle_name = format!("bundle.{}.bin", &content_hash(&bundle)[..12]);

    let mut manifest = serde_json::Map::new();
    let mut files: Vec<(String, Vec<u8>)> = vec![(bundle_name.clone(), bundle)];
    manifest.insert("bundle".into(), bundle_name.clone().into());
    if !a.bundle_only {
        // The first-paint module, and the interactive one the loader fetches on intent.
        for asset in Widget::load(a.widget.as_deref())?.assets() {
            manifest.insert(asset.key.into(), asset.name.clone().into());
            files.push((asset.name, asset.bytes));
        }
    }
    let manifest = serde_json::Value::Object(manifest);
    // From reading the previous manifest to pruning, this build owns --out.
    let _lock = crate::fsx::lock_dir(&a.out, "build")?;
    let previous = std::fs::read_to_string(a.out.join("manifest.json")).unwrap_or_default();
    for (name, bytes) in &files {
        write_atomic(&a.out.join(name), bytes)?;
    }
    let manifest_text = serde_json::to_string_pretty(&manifest)?;
    write_atomic(&a.out.join("manifest.json"), manifest_text.as_bytes())?;
    if !a.bundle_only {
        let loader = LOADER.replace("/*MANIFEST*/{}", &serde_json::to_string(&manifest)?);
        if loader == LOADER {
            bail!("loader template lacks its manifest placeholder");
        }
        write_atomic(&a.out.join("shop-answers.d.ts"), TYPES.as_bytes())?;
        write_atomic(&a.out.join("shop-answers.js"), loader.as_bytes())?;
        files.push(("manifest.json".into(), manifest_text.clone().into_bytes()));
        files.push(("shop-answers.js".into(), loader.into_bytes()));
    }
    if let Some(app) = &a.shopify_app {
        let checkout_names = sources
            .delivery
            .as_ref()
            .map(|d| d.checkout_names.clone())
            .unwrap_or_default();
        let n = super::shopify::write(&super::shopify::Input {
            out: app,
            client_id: a.shopify_client_id.as_deref(),
            files: &files,
            bundle: &files[0].1,
            checkout_names: &checkout_names,
        })?;
        eprintln!(
            "Shopify app → {} ({n} theme assets; deploy with `npx shopify app deploy` there)",
            app.display()
        );
    }
    prune_stale(&a.out, &manifest_text, &previous);
    if a.stats {
        println!(
            "{}",
            serde_json::json!({
                "entries": sources.entries.len(),
                "bundle_bytes": files[0].1.len(),
                "elapsed_ms": started.elapsed().as_secs_f64() * 1e3,
                "peak_rss_kb": peak_rss_kb(),
            })
        );
    }
    if progress.is_some() {
        eprint!("\r{:60}\r", "");
    }
    eprintln!(
        "built {} entries → {} ({} bytes)",
        sources.entries.len(),
        a.out.join(&bundle_name).display(),
        files[0].1.len()
    );
    if !a.bundle_only {
        // What any static host, CDN or object store needs to be told (README, "Deploying").
        eprintln!(
            "serve {dir}/ with: shop-answers.js and manifest.json `Cache-Control: no-cache`; every other file \
             `Cache-Control: public, max-age=31536000, immutable`; *.wasm as `application/wasm`; \
             gzip or brotli for .js, .css, .wasm, .json and .bin",
            dir = a.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process (Linux `VmHWM`), when the platform tells.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Removes hashed assets that neither this build nor the previous one names: pages loaded
/// just before a deploy can still fetch the previous generation, and dist/ does not grow
/// without bound.
fn prune_stale(out: &Path, current: &str, previous: &str) {
    let Ok(rd) = std::fs::read_dir(out) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = (name.starts_with("bundle.") && name.ends_with(".bin"))
            || (name.starts_with("widget")
                && (name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".css")));
        let quoted = format!("\"{name}\"");
        if ours && !current.contains(&quoted) && !previous.contains(&quoted) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_far_over_the_phone_budget_are_refused() {
        use shop_answers::limits::{BUNDLE_MAX_BYTES, BUNDLE_WARN_BYTES};
        assert!(check_bundle_size(BUNDLE_WARN_BYTES + 1).is_ok());
        assert!(check_bundle_size(BUNDLE_MAX_BYTES + 1).is_err());
    }
}
