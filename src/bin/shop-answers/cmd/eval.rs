//! `eval`: how well the bundle answers a set of real questions, and which it fails — the
//! list of gaps for the shop owner to fix at the source.

use anyhow::Context;
use shop_answers::search::{search, SearchOptions};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The bundle file (or a dist directory holding one).
    #[arg(long)]
    pub bundle: PathBuf,
    /// JSON Lines of `{"query": …, "faq_id": …}`.
    #[arg(long)]
    pub queries: PathBuf,
    /// How many of the worst misses to list.
    #[arg(long, default_value_t = 10)]
    pub misses: usize,
    /// Print the metrics as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Ranking experiments: per-field weights (question, alternatives, tags, answer).
    #[arg(long, hide = true, value_delimiter = ',')]
    pub field_weights: Option<Vec<f32>>,
    /// Ranking experiments: per-field BM25 b.
    #[arg(long, hide = true, value_delimiter = ',')]
    pub field_b: Option<Vec<f32>>,
    /// Ranking experiments: BM25 k1.
    #[arg(long, hide = true)]
    pub k1: Option<f32>,
    /// Ranking experiments: phrase boost.
    #[arg(long, hide = true)]
    pub phrase_boost: Option<f32>,
}

/// Ranking metrics over a query set.
#[derive(Debug, Default, Clone, Copy)]
pub struct Metrics {
    pub queries: usize,
    pub hit1: f64,
    pub hit5: f64,
    pub mrr10: f64,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let bundle = super::query::open(&a.bundle)?;
    let ids: HashMap<String, u32> = bundle
        .entries()?
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e.id, i as u32))
        .collect();
    let f = std::fs::File::open(&a.queries)
        .with_context(|| format!("reading {}", a.queries.display()))?;
    let mut opts = SearchOptions {
        limit: 10,
        prefix_last: false,
        ..SearchOptions::default()
    };
    if let Some(w) = &a.field_weights {
        for (slot, v) in opts.field_weights.iter_mut().zip(w) {
            *slot = *v;
        }
    }
    if let Some(w) = &a.field_b {
        for (slot, v) in opts.field_b.iter_mut().zip(w) {
            *slot = *v;
        }
    }
    if let Some(k1) = a.k1 {
        opts.k1 = k1;
    }
    if let Some(p) = a.phrase_boost {
        opts.phrase_boost = p;
    }
    let mut m = Metrics::default();
    let mut misses: Vec<(usize, String, String, String)> = Vec::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| {
            format!(
                "{}:{}: not UTF-8 text (expected JSON Lines)",
                a.queries.display(),
                n + 1
            )
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: invalid JSON", a.queries.display(), n + 1))?;
        let (Some(q), Some(want)) = (v["query"].as_str(), v["faq_id"].as_str()) else {
            anyhow::bail!(
                "{}:{}: needs \"query\" and \"faq_id\"",
                a.queries.display(),
                n + 1
            );
        };
        let Some(&want_doc) = ids.get(want) else {
            anyhow::bail!(
                "{}:{}: faq_id `{want}` is not in the bundle",
                a.queries.display(),
                n + 1
            );
        };
        let r = search(&bundle, q, &opts)?;
        let rank = r.hits.iter().position(|h| h.doc == want_doc).map(|p| p + 1);
        m.queries += 1;
        if rank == Some(1) {
            m.hit1 += 1.0;
        }
        if rank.is_some_and(|r| r <= 5) {
            m.hit5 += 1.0;
        }
        if let Some(r) = rank {
            m.mrr10 += 1.0 / r as f64;
        }
        if rank != Some(1) {
            let got = match r.hits.first() {
                Some(h) => bundle.entry(h.doc)?.id,
                None => "(nothing)".into(),
            };
            misses.push((
                rank.unwrap_or(usize::MAX),
                q.to_string(),
                want.to_string(),
                got,
            ));
        }
    }
    if m.queries > 0 {
        let n = m.queries as f64;
        m.hit1 /= n;
        m.hit5 /= n;
        m.mrr10 /= n;
    }
    if a.json {
        println!(
            "{}",
            serde_json::json!({"queries": m.queries, "hit@1": m.hit1, "hit@5": m.hit5, "mrr@10": m.mrr10})
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("queries  {}", m.queries);
    println!("hit@1    {:.3}", m.hit1);
    println!("hit@5    {:.3}", m.hit5);
    println!("MRR@10   {:.3}", m.mrr10);
    misses.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if !misses.is_empty() && a.misses > 0 {
        println!("\nworst misses (expected entry's rank, query, expected → answered):");
        for (rank, q, want, got) in misses.iter().take(a.misses) {
            let rank = if *rank == usize::MAX {
                "-".to_string()
            } else {
                rank.to_string()
            };
            println!("  {rank:>3}  {q:?}  {want} → {got}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
