//! Native answer-engine benchmark: query latency on a synthetic 10k-entry catalog and relevance
//! on StackFAQ when `../shared/data/stackfaq` is present. Prints figures; asserts nothing about
//! time. With `BENCH_JSON=FILE` also writes them there as JSON (`node bench/native.mjs` runs it
//! so for bench/results.json). Build time and memory are bench/scale.mjs's, beside the peers'.
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

fn latency(bundle: &Bundle, queries: &Path) -> serde_json::Value {
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
    println!("Medians of {PASSES} timed passes' percentiles (p50 spread over the passes).\n");
    println!("| query kind | queries | p50 µs | p95 µs | p99 µs | p50 min–max | hit@1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let opts = SearchOptions::default();
    let mut rows = Vec::new();
    let mut all = vec![Vec::new(); PASSES];
    for (kind, list) in &by_kind {
        // Warm: one untimed pass, then the timed passes.
        for (q, _) in list {
            search(bundle, q, &opts).unwrap();
        }
        let mut passes = vec![Vec::new(); PASSES];
        let mut hits = 0;
        for (pass, times) in passes.iter_mut().enumerate() {
            for (q, want) in list {
                let t = Instant::now();
                let r = search(bundle, q, &opts).unwrap();
                times.push(t.elapsed().as_secs_f64() * 1e6);
                if pass == 0 && r.hits.first().map(|h| h.doc) == Some(*want) {
                    hits += 1;
                }
            }
        }
        for (a, p) in all.iter_mut().zip(&passes) {
            a.extend_from_slice(p);
        }
        let hit1 = hits as f64 / list.len() as f64;
        rows.push(print_row(kind, list.len(), &mut passes, Some(hit1)));
    }
    rows.push(print_row("all", all[0].len(), &mut all, None));
    serde_json::Value::Array(rows)
}

const PASSES: usize = 5;

/// Prints one latency row and returns it as JSON: medians over the passes of each pass's
/// percentiles, and the spread of the passes' p50.
fn print_row(
    kind: &str,
    queries: usize,
    passes: &mut [Vec<f64>],
    hit1: Option<f64>,
) -> serde_json::Value {
    let mut q = |p: f64| {
        let mut v: Vec<f64> = passes.iter_mut().map(|t| pct(t, p)).collect();
        let m = pct(&mut v, 0.5);
        (m, v[0], v[v.len() - 1])
    };
    let (p50, p50_min, p50_max) = q(0.5);
    let (p95, p99) = (q(0.95).0, q(0.99).0);
    println!(
        "| {kind} | {queries} | {p50:.1} | {p95:.1} | {p99:.1} | {p50_min:.1}–{p50_max:.1} | {} |",
        hit1.map_or(String::new(), |h| format!("{h:.3}"))
    );
    serde_json::json!({
        "kind": kind, "queries": queries, "runs": passes.len(),
        "p50": p50, "p95": p95, "p99": p99, "p50_min": p50_min, "p50_max": p50_max, "hit1": hit1,
    })
}

/// The bundle the CLI wrote into `dist`.
fn bundle_file(dist: &Path) -> PathBuf {
    std::fs::read_dir(dist)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .expect("a bundle in the output directory")
}

/// Time to open a bundle: what a reader pays before its first query (checksum, entry
/// validation, rebuilding the term dictionary and the postings' starting points), or with
/// `deferred` before the widget's contextual answer (the index left for later). Five runs:
/// (median, min, max) in ms.
fn open_ms(bytes: &[u8], deferred: bool) -> (f64, f64, f64) {
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let copy = bytes.to_vec();
            let t = Instant::now();
            let b = if deferred {
                Bundle::from_bytes_deferred(copy)
            } else {
                Bundle::from_bytes(copy)
            }
            .unwrap();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            assert!(!b.is_empty());
            ms
        })
        .collect();
    let median = pct(&mut runs, 0.5);
    (median, runs[0], runs[runs.len() - 1])
}

/// Opening the bundles of synthetic catalogs of 1k, 10k and 100k entries (built by the CLI;
/// build time and memory are bench/scale.mjs's).
fn opening(dir: &Path) -> serde_json::Value {
    println!("\n## Opening a bundle (median of 5, min–max)\n");
    println!("| entries | bundle bytes | open ms | min–max | without the index ms | min–max |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut rows = Vec::new();
    for n in [1_000, 10_000, 100_000] {
        let (cat, _) = synth(dir, n, 1);
        let out = dir.join(format!("out-{n}"));
        let o = Command::new(CLI)
            .arg("build")
            .arg(&cat)
            .args(["--bundle-only", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(bundle_file(&out)).unwrap();
        let (ms, min, max) = open_ms(&bytes, false);
        let (dms, dmin, dmax) = open_ms(&bytes, true);
        println!(
            "| {n} | {} | {ms:.2} | {min:.2}–{max:.2} | {dms:.2} | {dmin:.2}–{dmax:.2} |",
            bytes.len()
        );
        rows.push(serde_json::json!({
            "entries": n, "bundle_bytes": bytes.len(), "open_ms": ms, "open_ms_min": min, "open_ms_max": max,
            "deferred_open_ms": dms, "deferred_open_ms_min": dmin, "deferred_open_ms_max": dmax,
        }));
    }
    serde_json::Value::Array(rows)
}

fn stackfaq() -> serde_json::Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/stackfaq");
    if !dir.join("faqs.jsonl").exists() {
        println!("\nStackFAQ: skipped ({} not found)", dir.display());
        return serde_json::Value::Null;
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
    let mut rows = Vec::new();
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
        let (hit1, hit5, mrr10) = (h1 as f64 / n_f, h5 as f64 / n_f, mrr / n_f);
        println!("| {file} | {n} | {hit1:.3} | {hit5:.3} | {mrr10:.3} |");
        rows.push(serde_json::json!({"queries": file, "n": n, "hit1": hit1, "hit5": hit5, "mrr10": mrr10}));
    }
    serde_json::Value::Array(rows)
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
        b.index().unwrap().terms().len()
    );
    let latency = latency(&b, &q);
    let opening = opening(&dir);
    let stackfaq = stackfaq();
    if let Some(path) = std::env::var_os("BENCH_JSON") {
        let v = serde_json::json!({
            "entries": 10_000, "bundle_bytes": b.byte_len(), "terms": b.index().unwrap().terms().len(),
            "latency_us": latency, "opening": opening, "stackfaq": stackfaq,
        });
        std::fs::write(path, v.to_string()).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}
