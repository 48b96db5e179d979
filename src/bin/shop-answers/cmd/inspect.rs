//! `inspect`: what is inside a bundle.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The bundle file (or a dist directory holding one).
    pub bundle: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let b = super::query::open(&a.bundle)?;
    println!(
        "bundle: {} bytes, format version {}",
        b.byte_len(),
        shop_answers::bundle::VERSION
    );
    println!("entries: {}", b.len());
    println!("terms: {}", b.index()?.terms().len());
    println!("synonym groups: {}", b.index()?.synonym_groups());
    println!("sections:");
    for s in b.sections() {
        println!("  {:<14} {:>9} bytes at {}", s.name, s.len, s.offset);
    }
    match b.delivery() {
        None => println!("delivery rules: none"),
        Some(Err(e)) => println!("delivery rules: unreadable ({e})"),
        Some(Ok(r)) => {
            let valid = shop_answers::delivery::precompute::window_local_dates(&r.data.tz)
                .map_or(String::new(), |(a, b)| {
                    format!(", valid {a} to {b} (shop dates, inclusive)")
                });
            println!(
                "delivery rules: {} method(s), {} product override(s), {} holiday calendar(s){valid}",
                r.data.methods.len(),
                r.products.len(),
                r.data.regions.len(),
            );
            for (m, zones) in r.data.methods.iter().zip(&r.zone_names) {
                println!("  {}: {}", m.name, zones.join(", "));
            }
        }
    }
    println!("settings:");
    for (k, v) in b.meta() {
        println!("  {k} = {v}");
    }
    let mut scopes: BTreeMap<String, usize> = BTreeMap::new();
    for e in b.entries()? {
        let s = &e.scope;
        if s.is_general() {
            *scopes.entry("general".into()).or_default() += 1;
        }
        for (kind, list) in [
            ("sku", &s.skus),
            ("handle", &s.handles),
            ("collection", &s.collections),
            ("tag", &s.product_tags),
            ("page", &s.pages),
        ] {
            for v in list {
                *scopes.entry(format!("{kind}:{v}")).or_default() += 1;
            }
        }
    }
    println!("entries per scope:");
    for (k, n) in scopes {
        println!("  {k:<32} {n}");
    }
    Ok(ExitCode::SUCCESS)
}
