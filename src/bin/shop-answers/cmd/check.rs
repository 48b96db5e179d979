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
    #[arg(required_unless_present_any = ["bundle", "regions"])]
    pub sources: Option<PathBuf>,
    /// The separator of CSV/TSV sources: `,`, `;` or `tab` (default: the one each file's
    /// header row uses most).
    #[arg(long, value_name = "SEP", value_parser = super::parse_delimiter)]
    pub delimiter: Option<u8>,
    /// A built bundle (or a dist directory holding one): check that its delivery validity
    /// window is not over (error) or ending within 60 days (warning).
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// The instant to check the window against, RFC 3339; default: now.
    #[arg(long, value_name = "RFC3339", requires = "bundle")]
    pub now: Option<String>,
    /// List the built-in holiday calendars (countries, regions, aliases) and carriers.
    #[arg(long)]
    pub regions: bool,
    /// With --regions: every calendar's dates as JSON, for comparing with python-holidays.
    #[arg(long, requires = "regions", hide = true)]
    pub json: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut ok = true;
    if a.regions {
        if a.json {
            println!("{}", calendars_json()?);
        } else {
            print_regions();
        }
    }
    if let Some(src) = &a.sources {
        let sources = shop_answers::source::load_with(
            src,
            &shop_answers::source::LoadOptions {
                delimiter: a.delimiter,
            },
        );
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

/// The coverage list: every country with its subdivisions, the aliases and the carriers.
fn print_regions() {
    use shop_answers::delivery::holidays as h;
    let (first, last) = h::years();
    let subs: usize = h::countries()
        .iter()
        .map(|c| h::subdivisions(&c.code).count())
        .sum();
    println!(
        "Built-in holiday calendars ({}, {first}–{last}): {} countries, {subs} subdivisions",
        h::library(),
        h::countries().len()
    );
    for c in h::countries() {
        let list: Vec<String> = h::subdivisions(&c.code)
            .map(|r| format!("{} {}", r.code, r.name))
            .collect();
        let aliases: Vec<&str> = h::aliases()
            .iter()
            .filter(|a| a.calendar == c.code)
            .map(|a| a.code.as_str())
            .collect();
        let mut line = format!("{} {}", c.code, c.name);
        if !list.is_empty() {
            line.push_str(&format!(": {}", list.join(", ")));
        }
        if !aliases.is_empty() {
            line.push_str(&format!(
                " (national calendar also for {})",
                aliases.join(", ")
            ));
        }
        println!("{line}");
    }
    for a in h::aliases().iter().filter(|a| a.calendar.contains('-')) {
        println!("{} {}: the {} calendar", a.code, a.name, a.calendar);
    }
    println!("Carrier calendars (carrier = \"…\" on a method in delivery.toml):");
    for k in h::carriers() {
        println!(
            "  {:<15} {} ({}), source: {}",
            k.id,
            k.name,
            k.countries.join(", "),
            k.source
        );
    }
}

/// Every public calendar and every carrier calendar of the covered countries, all years.
fn calendars_json() -> anyhow::Result<String> {
    use shop_answers::delivery::holidays as h;
    use shop_answers::delivery::Date;
    let (first, last) = h::years();
    let (from, to) = (
        Date::from_ymd(first, 1, 1).context("first year")?,
        Date::from_ymd(last, 12, 31).context("last year")?,
    );
    let mut codes: Vec<String> = Vec::new();
    for c in h::countries() {
        codes.push(c.code.clone());
        codes.extend(h::subdivisions(&c.code).map(|r| r.code.clone()));
    }
    let mut all = codes.clone();
    for k in h::carriers() {
        for code in &codes {
            if k.countries
                .iter()
                .any(|c| code.split('-').next() == Some(c))
            {
                all.push(format!("{}:{code}", k.id));
            }
        }
    }
    let mut cals = serde_json::Map::new();
    for code in all {
        let days = h::holidays_between(&code, from, to)?.unwrap_or_default();
        let list: Vec<String> = days.iter().map(|d| d.to_string()).collect();
        cals.insert(code, list.into());
    }
    let aliases: serde_json::Map<String, serde_json::Value> = h::aliases()
        .iter()
        .map(|a| (a.code.clone(), a.calendar.clone().into()))
        .collect();
    Ok(serde_json::json!({
        "library": h::library(),
        "years": [first, last],
        "calendars": cals,
        "aliases": aliases,
    })
    .to_string())
}
