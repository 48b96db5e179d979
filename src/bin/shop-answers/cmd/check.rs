//! `check`: validate sources, or a built bundle's delivery validity window, without writing
//! anything.

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;

/// A bundle whose delivery window ends within this many days gets a warning.
pub const WINDOW_WARN_DAYS: i64 = 60;

#[derive(clap::Args)]
pub struct Args {
    /// Source directory (with shop.toml) or a .jsonl file of entries.
    #[arg(required_unless_present = "bundle")]
    pub sources: Option<PathBuf>,
    /// A built bundle (or a dist directory holding one): check that its delivery validity
    /// window is not over (error) or ending within 60 days (warning).
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// The instant to check the window against, RFC 3339; default: now.
    #[arg(long, value_name = "RFC3339", requires = "bundle")]
    pub now: Option<String>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut ok = true;
    if let Some(src) = &a.sources {
        let sources = shop_answers::source::load(src);
        if super::report(&sources) > 0 {
            ok = false;
        } else {
            eprintln!("ok: {} entries", sources.entries.len());
        }
    }
    if let Some(b) = &a.bundle {
        ok &= check_window(b, a.now.as_deref())?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Reports the bundle's delivery validity window; `false` when it is already over.
fn check_window(path: &std::path::Path, now: Option<&str>) -> anyhow::Result<bool> {
    let bundle = super::query::open(path)?;
    let Some(rules) = bundle.delivery() else {
        eprintln!("{}: ok: no delivery rules, nothing expires", path.display());
        return Ok(true);
    };
    let rules = rules.context("reading the bundle's delivery rules")?;
    let now = match now {
        Some(s) => chrono::DateTime::parse_from_rfc3339(s)
            .with_context(|| {
                format!("--now {s:?}: expected an RFC 3339 instant such as 2026-11-26T11:50:00Z")
            })?
            .timestamp(),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    let (start, end) = (rules.data.tz.start(), rules.data.tz.end());
    let rfc = super::delivery::rfc3339;
    let window = format!("{} – {}", rfc(start), rfc(end));
    let p = path.display();
    if now >= end {
        eprintln!("{p}: error: the delivery validity window {window} is over: the widget makes no delivery promise");
        eprintln!("  hint: rebuild the bundle (shop-answers build … --valid-from YYYY-MM-DD) and deploy it");
        return Ok(false);
    }
    let days_left = (end - now) / 86_400;
    if now < start {
        eprintln!("{p}: warning: the delivery validity window {window} has not started yet: no promise before it");
    } else if end - now < WINDOW_WARN_DAYS * 86_400 {
        eprintln!("{p}: warning: the delivery validity window {window} ends in {days_left} day(s)");
        eprintln!("  hint: rebuild the bundle (shop-answers build … --valid-from YYYY-MM-DD) and deploy it before then");
    } else {
        eprintln!("{p}: ok: delivery validity window {window} ({days_left} days left)");
    }
    Ok(true)
}
