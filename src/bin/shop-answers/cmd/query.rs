//! `query`: ranked answers for a question, as a table or as JSON lines.

use anyhow::Context;
use shop_answers::search::{search, SearchOptions, GOOD_CONFIDENCE};
use shop_answers::Bundle;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The bundle file (or a dist directory holding one).
    #[arg(long)]
    pub bundle: PathBuf,
    /// The question.
    pub query: Option<String>,
    /// Read `{"query": …}` lines from FILE and print one JSON line per query.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    /// Number of answers to show (at least 1).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    pub top: u16,
}

pub fn open(path: &std::path::Path) -> anyhow::Result<Bundle> {
    let path = crate::resolve_bundle(path)?;
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    Bundle::from_bytes(bytes).with_context(|| format!("opening {}", path.display()))
}

/// Refuses a question longer than [`shop_answers::limits::MAX_QUERY_BYTES`]: the search
/// would only read its start, and the user should know.
fn check_length(q: &str) -> anyhow::Result<()> {
    let max = shop_answers::limits::MAX_QUERY_BYTES;
    if q.len() > max {
        anyhow::bail!(
            "the question is {} bytes long; questions are searched up to {max} bytes (shorten it)",
            q.len()
        );
    }
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let bundle = open(&a.bundle)?;
    let opts = SearchOptions {
        limit: usize::from(a.top),
        prefix_last: false,
        ..SearchOptions::default()
    };
    if let Some(file) = a.jsonl {
        let f =
            std::fs::File::open(&file).with_context(|| format!("reading {}", file.display()))?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.with_context(|| {
                format!(
                    "{}:{}: not UTF-8 text (expected JSON Lines)",
                    file.display(),
                    n + 1
                )
            })?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: invalid JSON", file.display(), n + 1))?;
            let q = v["query"]
                .as_str()
                .with_context(|| format!("{}:{}: no \"query\" string", file.display(), n + 1))?;
            check_length(q).with_context(|| format!("{}:{}", file.display(), n + 1))?;
            let r = search(&bundle, q, &opts)?;
            let hits: Vec<serde_json::Value> = r
                .hits
                .iter()
                .map(|h| {
                    let id = bundle.entry(h.doc).map(|e| e.id).unwrap_or_default();
                    serde_json::json!({"id": id, "score": h.score, "confidence": h.confidence})
                })
                .collect();
            use std::io::Write;
            writeln!(out, "{}", serde_json::json!({"query": q, "hits": hits}))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let q = a.query.context("give a question, or --jsonl FILE")?;
    check_length(&q)?;
    let r = search(&bundle, &q, &opts)?;
    if r.hits.is_empty() {
        println!("no answer matches \"{q}\"");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:>4}  {:>8}  {:>5}  {:<32}  question",
        "rank", "score", "conf", "id"
    );
    for (i, h) in r.hits.iter().enumerate() {
        let e = bundle.entry(h.doc)?;
        println!(
            "{:>4}  {:>8.3}  {:>5.2}  {:<32}  {}",
            i + 1,
            h.score,
            h.confidence,
            e.id,
            e.question
        );
    }
    if r.hits[0].confidence < GOOD_CONFIDENCE {
        println!("(low confidence: the widget would offer the contact form)");
    }
    Ok(ExitCode::SUCCESS)
}
