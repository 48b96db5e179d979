//! Native answer-engine benchmark: query latency on a synthetic 10k-entry catalog, build time
//! and memory up to 100k (1M with `BENCH_FULL=1`), and relevance on StackFAQ when
//! `../shared/data/stackfaq` is present. Prints figures; asserts nothing about time.
//!
//!     cargo bench --features cli --bench search

use shop_answers::search::{search, SearchOptions};
use shop_answers::Bundle;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CLI: &str = env!("CARGO_BIN_EXE_shop-answers");

fn tmp() -> PathBuf {
    let d = std::env::temp_dir().join(format!("shop-answers-bench-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn synth(dir: &Path, n: usize, queries: usize) -> (PathBuf, PathBuf) {
    let cat = dir.join(format!("synth-{n}.jsonl"));
    let q = dir.join(format!("synth-{n}-queries.jsonl"));
    let out = Command::new(CLI)
        .args([
            "synth",
            "--entries",
            &n.to_string(),
            "--query-count",
            &queries.to_string(),
            "--queries",
        ])
        .arg(&q)
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&cat, out.stdout).unwrap();
    (cat, q)
}

fn open(source: &Path) -> Bundle {
    let s = shop_answers::source::load(source);
    assert!(!s.has_errors(), "{:?}", s.diagnostics.first());
    Bundle::from_bytes(shop_answers::bundle::write(
        &s.meta,
        &s.entries,
        &s.synonyms,
    ))
    .unwrap()
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn latency(bundle: &Bundle, queries: &Path) {
    let ids: HashMap<String, u32> = bundle
        .entries()
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e.id, i as u32))
        .collect();
    let mut by_kind: Vec<(String, Vec<(String, u32)>)> = Vec::new();
    for line in std::fs::read_to_string(queries).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = v["kind"].as_str().unwrap().to_string();
        let item = (
            v["query"].as_str().unwrap().to_string(),
            ids[v["faq_id"].as_str().unwrap()],
        );
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(item),
            None => by_kind.push((kind, vec![item])),
        }
    }
    println!("| query kind | queries | p50 µs | p95 µs | p99 µs | hit@1 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let opts = SearchOptions::default();
    let mut all = Vec::new();
    for (kind, list) in &by_kind {
        // Warm: one untimed pass, then five timed passes.
        for (q, _) in list {
            search(bundle, q, &opts).unwrap();
        }
        let mut times = Vec::new();
        let mut hits = 0;
        for pass in 0..5 {
            for (q, want) in list {
                let t = Instant::now();
                let r = search(bundle, q, &opts).unwrap();
                times.push(t.elapsed().as_secs_f64() * 1e6);
                if pass == 0 && r.hits.first().map(|h| h.doc) == Some(*want) {
                    hits += 1;
                }
            }
        }
        all.extend_from_slice(&times);
        println!(
            "| {kind} | {} | {:.1} | {:.1} | {:.1} | {:.3} |",
            list.len(),
            pct(&mut times, 0.5),
            pct(&mut times, 0.95),
            pct(&mut times, 0.99),
            hits as f64 / list.len() as f64
        );
    }
    println!(
        "| all | {} | {:.1} | {:.1} | {:.1} | |",
        all.len() / 5,
        pct(&mut all, 0.5),
        pct(&mut all, 0.95),
        pct(&mut all, 0.99)
    );
}

/// Median time to open the bundle the CLI wrote into `dist`.
fn open_ms(dist: &Path) -> f64 {
    let file = std::fs::read_dir(dist)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .expect("a bundle in the output directory");
    let bytes = std::fs::read(file).unwrap();
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let copy = bytes.clone();
            let t = Instant::now();
            let b = Bundle::from_bytes(copy).unwrap();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            assert!(!b.is_empty());
            ms
        })
        .collect();
    pct(&mut runs, 0.5)
}

fn build_stats(catalog: &Path, out: &Path) -> serde_json::Value {
    let o = Command::new(CLI)
        .arg("build")
        .arg(catalog)
        .args(["--bundle-only", "--stats", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn stackfaq() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/stackfaq");
    if !dir.join("faqs.jsonl").exists() {
        println!("\nStackFAQ: skipped ({} not found)", dir.display());
        return;
    }
    let b = open(&dir.join("faqs.jsonl"));
    let ids: HashMap<String, u32> = b
        .entries()
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e.id, i as u32))
        .collect();
    println!("\n| StackFAQ dev | queries | hit@1 | hit@5 | MRR@10 |");
    println!("|---|---:|---:|---:|---:|");
    let opts = SearchOptions {
        prefix_last: false,
        ..SearchOptions::default()
    };
    for file in ["queries-dev.jsonl", "queries-dev-typo.jsonl"] {
        let (mut n, mut h1, mut h5, mut mrr) = (0usize, 0usize, 0usize, 0f64);
        for line in std::fs::read_to_string(dir.join(file)).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let want = ids[v["faq_id"].as_str().unwrap()];
            let r = search(&b, v["query"].as_str().unwrap(), &opts).unwrap();
            let rank = r.hits.iter().position(|h| h.doc == want).map(|p| p + 1);
            n += 1;
            h1 += usize::from(rank == Some(1));
            h5 += usize::from(rank.is_some_and(|r| r <= 5));
            mrr += rank.map_or(0.0, |r| 1.0 / r as f64);
        }
        let n_f = n as f64;
        println!(
            "| {file} | {n} | {:.3} | {:.3} | {:.3} |",
            h1 as f64 / n_f,
            h5 as f64 / n_f,
            mrr / n_f
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tmp();
    println!("## Query latency, native, warm (synthetic catalog, 10,000 entries)\n");
    let (cat, q) = synth(&dir, 10_000, 2_000);
    let b = open(&cat);
    println!(
        "bundle: {} bytes, {} terms\n",
        b.byte_len(),
        b.terms().len()
    );
    latency(&b, &q);

    println!("\n## Build (CLI, release)\n");
    // "open ms": what a reader pays before its first query (checksum, entry validation,
    // rebuilding the term dictionary and the postings' starting points), median of 5.
    println!("| entries | build ms | peak RSS MB | bundle MB | open ms |");
    println!("|---:|---:|---:|---:|---:|");
    let mut sizes = vec![1_000, 10_000, 100_000];
    if std::env::var_os("BENCH_FULL").is_some() {
        sizes.push(1_000_000);
    }
    for n in sizes {
        let (cat, _) = synth(&dir, n, 1);
        let out = dir.join(format!("out-{n}"));
        let s = build_stats(&cat, &out);
        println!(
            "| {n} | {:.0} | {:.0} | {:.1} | {:.1} |",
            s["elapsed_ms"].as_f64().unwrap(),
            s["peak_rss_kb"].as_f64().unwrap_or(0.0) / 1024.0,
            s["bundle_bytes"].as_f64().unwrap() / 1e6,
            open_ms(&out)
        );
    }
    stackfaq();
    let _ = std::fs::remove_dir_all(&dir);
}
