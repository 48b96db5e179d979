//! `check`: validate sources without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Source directory (with shop.toml) or a .jsonl file of entries.
    pub sources: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let sources = shop_answers::source::load(&a.sources);
    let errors = super::report(&sources);
    if errors > 0 {
        return Ok(ExitCode::FAILURE);
    }
    eprintln!("ok: {} entries", sources.entries.len());
    Ok(ExitCode::SUCCESS)
}
