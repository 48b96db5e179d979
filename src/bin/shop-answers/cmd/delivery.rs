//! `delivery`: the delivery promise a bundle makes for an order at a given instant.

use anyhow::{bail, Context};
use shop_answers::delivery::{Date, Destination, EstimateError, ProductFacts, PromiseError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The bundle file (or a dist directory holding one).
    #[arg(long)]
    pub bundle: PathBuf,
    /// The order instant, RFC 3339 (e.g. 2026-11-26T11:50:00Z).
    #[arg(long, value_name = "RFC3339")]
    pub now: String,
    /// Destination country, ISO 3166-1 alpha-2 (e.g. GB).
    #[arg(long, value_name = "CC")]
    pub country: String,
    /// Destination region, ISO 3166-2 (e.g. GB-SCT): picks regional holidays and zones.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Destination postcode.
    #[arg(long, value_name = "P")]
    pub postcode: Option<String>,
    /// The product's SKU (applies its override).
    #[arg(long, value_name = "S")]
    pub sku: Option<String>,
    /// A product tag (repeatable).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// A collection handle the product belongs to (repeatable).
    #[arg(long = "collection", value_name = "C")]
    pub collections: Vec<String>,
    /// Shipping method name; default: the first method that delivers there.
    #[arg(long, value_name = "M")]
    pub method: Option<String>,
    /// Print a sentence for people instead of JSON.
    #[arg(long)]
    pub human: bool,
}

pub fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Thu 27 Nov", with the year when it is not `year`.
fn short_date(d: Date, year: i32) -> String {
    let (y, m, day) = d.ymd();
    let mut s = format!(
        "{} {day} {}",
        d.weekday().short_name(),
        MONTHS[usize::from(m - 1)]
    );
    if y != year {
        s.push_str(&format!(" {y}"));
    }
    s
}

/// "2 h 10 min", "1 d 3 h", "45 min", "less than a minute" (rounded down).
fn countdown(secs: i64) -> String {
    let mins = secs / 60;
    let (d, h, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    if d > 0 {
        if h > 0 {
            format!("{d} d {h} h")
        } else {
            format!("{d} d")
        }
    } else if h > 0 && m > 0 {
        format!("{h} h {m} min")
    } else if h > 0 {
        format!("{h} h")
    } else if m > 0 {
        format!("{m} min")
    } else {
        "less than a minute".into()
    }
}

/// A destination the engine would silently treat as another: a region of a different
/// country, or a malformed code, is an error; a well-formed region without a built-in
/// calendar is worth a warning, since only the country's holidays will apply.
fn check_destination(country: &str, region: Option<&str>) -> anyhow::Result<()> {
    use shop_answers::delivery::holidays;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        bail!("--country {country:?}: expected an ISO 3166-1 alpha-2 code such as GB or US");
    }
    if isocountry::CountryCode::for_alpha2(country).is_err() {
        bail!("--country {country}: not an ISO 3166-1 country code (GB, US, DE, …)");
    }
    let Some(r) = region else {
        return Ok(());
    };
    let well_formed = r.split_once('-').is_some_and(|(c, sub)| {
        c == country
            && (1..=3).contains(&sub.len())
            && sub.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if !well_formed {
        bail!(
            "--region {r} is not a region of {country}: ISO 3166-2 codes start with their country, e.g. {country}-…"
        );
    }
    if !holidays::is_known(r) && holidays::is_known(country) {
        eprintln!(
            "warning: no built-in holiday calendar for {r}; carrier days use {country}'s national holidays (shop-answers check --regions lists the regions)"
        );
    }
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    // The arguments first: a typo there is the user's to fix before any bundle matters.
    check_destination(
        &a.country.trim().to_ascii_uppercase(),
        a.region
            .as_deref()
            .map(|r| r.trim().to_ascii_uppercase())
            .as_deref(),
    )?;
    let bundle = super::query::open(&a.bundle)?;
    let rules = bundle
        .delivery()
        .context(
            "this bundle has no delivery rules (add delivery.toml to the sources and rebuild)",
        )?
        .context("reading the bundle's delivery rules")?;
    let now = chrono::DateTime::parse_from_rfc3339(&a.now)
        .with_context(|| {
            format!(
                "--now {:?}: expected an RFC 3339 instant such as 2026-11-26T11:50:00Z",
                a.now
            )
        })?
        .timestamp();
    let tz = &rules.data.tz;
    if now < tz.start() || now >= tz.end() {
        bail!(
            "--now {} is outside the bundle's validity window {} – {} (rebuild the bundle with a later --valid-from)",
            a.now,
            rfc3339(tz.start()),
            rfc3339(tz.end())
        );
    }
    let country = a.country.trim().to_ascii_uppercase();
    let region = a.region.as_deref().map(|r| r.trim().to_ascii_uppercase());
    let dest = Destination {
        country: &country,
        region: region.as_deref(),
        postcode: a.postcode.as_deref(),
    };
    let product = ProductFacts {
        sku: a.sku.as_deref(),
        tags: &a.tags,
        collections: &a.collections,
    };
    let where_ = || {
        let mut s = country.clone();
        if let Some(r) = &region {
            s.push_str(&format!(" ({r})"));
        }
        if let Some(p) = &a.postcode {
            s.push_str(&format!(" {p}"));
        }
        s
    };
    let p = match rules.promise(&dest, a.method.as_deref(), &product, now) {
        Ok(p) => p,
        Err(PromiseError::NotServed) => match &a.method {
            Some(m) => bail!("shipping method {m:?} does not deliver to {}", where_()),
            None => bail!("no shipping method delivers to {}", where_()),
        },
        Err(PromiseError::UnknownMethod(m)) => {
            let names: Vec<&str> = rules.data.methods.iter().map(|m| m.name.as_str()).collect();
            bail!(
                "no shipping method named {m:?} (methods: {})",
                names.join(", ")
            )
        }
        Err(PromiseError::Estimate(EstimateError::OutsideWindow)) => {
            bail!("--now {} is outside the bundle's validity window", a.now)
        }
        Err(PromiseError::Estimate(e)) => bail!("cannot estimate: {e}"),
    };
    let e = &p.estimate;
    if a.human {
        let year = e.order_date_local.year();
        let dates = if e.earliest == e.latest {
            short_date(e.earliest, year)
        } else {
            format!(
                "{} – {}",
                short_date(e.earliest, year),
                short_date(e.latest, year)
            )
        };
        let label = if p.zone_name.is_empty() {
            p.method_name.clone()
        } else {
            format!("{}, {}", p.method_name, p.zone_name)
        };
        // Shops show a countdown only when it is close; the JSON always has the instant.
        match e.next_cutoff_utc.filter(|c| c - now < 86_400) {
            Some(c) => println!(
                "Order within {} to get it {dates} ({label})",
                countdown(c - now)
            ),
            None => println!("Get it {dates} ({label})"),
        }
    } else {
        let v = serde_json::json!({
            "min": e.earliest.to_string(),
            "max": e.latest.to_string(),
            "cutoff": e.next_cutoff_utc.map(rfc3339),
            "method": p.method_name,
            "zone": p.zone_name,
            "ship_min": e.ship_earliest.to_string(),
            "ship_max": e.ship_latest.to_string(),
        });
        println!("{v}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns() {
        assert_eq!(countdown(2 * 3600 + 10 * 60 + 59), "2 h 10 min");
        assert_eq!(countdown(3600), "1 h");
        assert_eq!(countdown(90 * 60), "1 h 30 min");
        assert_eq!(countdown(59), "less than a minute");
        assert_eq!(countdown(27 * 3600), "1 d 3 h");
        assert_eq!(countdown(48 * 3600 + 5), "2 d");
    }
}
