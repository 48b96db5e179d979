//! Page-understanding benchmark: the CLI's HTML reader (scraper) plus the classifier, per
//! 100 KB of HTML. Each fixture page in `tests/data/pages/` is padded with ordinary body
//! markup (a grid of product cards and paragraphs) to 100 KB and read repeatedly. Prints
//! figures; asserts nothing about time. The widget's DOM reader skips the HTML parse, so the
//! `classify` column is the part that runs in the browser as WebAssembly. With `BENCH_JSON=FILE`
//! also writes the means there as JSON (`node bench/native.mjs`).
//!
//!     cargo bench --features cli --bench context

use shop_answers::context::html;
use std::time::{Duration, Instant};

const TARGET: usize = 100 * 1024;
const ROUNDS: usize = 15;

fn padded(page: &str) -> String {
    let card = "<li class=\"grid__item\"><div class=\"card-wrapper\"><div class=\"card\"><h3 class=\"card__heading\"><a href=\"/products/item\">A fine item with a long name</a></h3><p class=\"price\">€19.90</p><p>Soft cotton, machine washable, made to last for years of everyday wear.</p></div></div></li>\n";
    let need = TARGET.saturating_sub(page.len());
    let mut filler = String::from("<section class=\"filler\"><ul class=\"grid\">\n");
    while filler.len() < need {
        filler.push_str(card);
    }
    filler.push_str("</ul></section>\n");
    match page.rfind("</body>") {
        Some(p) => format!("{}{}{}", &page[..p], filler, &page[p..]),
        None => format!("{page}{filler}"),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pages");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    println!("page understanding, per 100 KB of HTML (median of {ROUNDS} rounds)");
    println!(
        "{:<44} {:>8} {:>12} {:>12}",
        "page", "KB", "read (µs)", "classify (µs)"
    );
    let (mut total_read, mut total_classify, mut total_kb) = (0.0, 0.0, 0.0);
    for f in &files {
        let page = padded(&std::fs::read_to_string(f).unwrap());
        let kb = page.len() as f64 / 1024.0;
        let (mut reads, mut classifies) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let snap = html::read(&page, "https://shop.test/products/x?variant=1");
            reads.push(t.elapsed());
            let t = Instant::now();
            let c = shop_answers::classify(&snap);
            classifies.push(t.elapsed());
            std::hint::black_box(c.to_json());
        }
        let per = |d: Duration| d.as_secs_f64() * 1e6 * 100.0 / kb;
        let (r, c) = (per(median(reads)), per(median(classifies)));
        total_read += r;
        total_classify += c;
        total_kb += kb;
        println!(
            "{:<44} {:>8.1} {:>12.0} {:>12.1}",
            f.file_name().unwrap().to_string_lossy(),
            kb,
            r,
            c
        );
    }
    let n = files.len() as f64;
    let (read_ms, classify_ms) = (total_read / n / 1000.0, total_classify / n / 1000.0);
    println!(
        "mean over {} pages ({:.0} KB): read {read_ms:.2} ms + classify {classify_ms:.3} ms per 100 KB",
        files.len(),
        total_kb,
    );
    if let Some(path) = std::env::var_os("BENCH_JSON") {
        let v = serde_json::json!({
            "pages": files.len(), "rounds": ROUNDS, "read_ms_per_100kb": read_ms, "classify_ms_per_100kb": classify_ms,
        });
        std::fs::write(path, v.to_string()).unwrap();
    }
}
