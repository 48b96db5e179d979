//! `context`: what the widget would understand of a storefront page (page type, platform,
//! product or order), read from a saved HTML file.

use anyhow::Context as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The saved page.
    pub file: PathBuf,
    /// The address the page was served from (default: its canonical link, else og:url).
    #[arg(long)]
    pub url: Option<String>,
    /// Print what the reader took from the page (every field the classifier sees) instead
    /// of the verdict: the first step in tracing a wrong verdict to its markup.
    #[arg(long)]
    pub snapshot: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let html = String::from_utf8_lossy(&bytes);
    let snapshot = shop_answers::context::html::read(&html, a.url.as_deref().unwrap_or(""));
    if a.snapshot {
        println!("{snapshot:#?}");
    } else {
        println!("{}", shop_answers::classify(&snapshot).to_json());
    }
    Ok(ExitCode::SUCCESS)
}
