// Build time and peak memory of a catalog whose questions are scoped to their products by SKU,
// 3 per product, in the CSV format a shop exports (README, "Sources"): the shape of a large
// shop, which the synthetic catalog of bench/scale.mjs (no per-product scopes) does not have.
// Each size's time per product beside the smallest size's is the floor a linear build keeps.
//   node bench/catalog-build.mjs                 # 1k, 4k, 16k, 64k products (3 runs; the largest 1)
//   BENCH_SMOKE=1 node bench/catalog-build.mjs   # 500 and 2k products, one run: checks the harness
//   CATALOG_SIZES=1000,1000000 node bench/catalog-build.mjs
// Prints a table and writes results.json key "catalog_build". Never fails on timing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, SMOKE, fmt, mergeResults, median, progress, table } from "./common.mjs";

const SIZES = process.env.CATALOG_SIZES ? process.env.CATALOG_SIZES.split(",").map(Number) : SMOKE ? [500, 2000] : [1000, 4000, 16000, 64000];
const RUNS = SMOKE ? 1 : 3;
const WORDS = "waterproof jacket fleece boots tent stove rope harness helmet glove sock pack lamp map compass bottle merino down shell trail".split(" ");
const QUESTIONS = ["Does the {p} run small?", "Is the {p} machine washable?", "How do I repair the {p}?"];

/** A deterministic catalog of `n` products as CSV (id, question, answer, skus). */
function catalog(n, file) {
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const word = () => WORDS[Math.floor(rnd() * WORDS.length)];
  const rows = ["id,question,answer,skus"];
  for (let i = 0; i < n; i++) {
    const p = `${word()} ${word()} model ${i}`;
    const sku = `SKU-${String(i).padStart(7, "0")}`;
    QUESTIONS.forEach((q, j) => {
      const answer = `Answer about the ${p}: ${Array.from({ length: 12 }, word).join(" ")}.`;
      rows.push(`p${i}-${j},${q.replace("{p}", p)},"${answer}",${sku}`);
    });
  }
  writeFileSync(file, rows.join("\n") + "\n");
}

const dir = mkdtempSync(join(tmpdir(), "sa-catalog-"));
const results = [];
try {
  for (const n of SIZES) {
    const file = join(dir, `catalog-${n}.csv`);
    catalog(n, file);
    const runs = [];
    for (let r = 0; r < (n >= 100000 ? 1 : RUNS); r++) {
      const p = spawnSync(CLI, ["build", file, "--bundle-only", "--stats", "--out", join(dir, `out-${n}`)], { encoding: "utf8", maxBuffer: 1 << 26 });
      if (p.status !== 0) throw new Error(`build of ${n} products failed: ${p.stderr.slice(-2000)}`);
      runs.push(JSON.parse(p.stdout.trim().split("\n").pop()));
    }
    const ms = median(runs.map((x) => x.elapsed_ms));
    const rss = Math.max(...runs.map((x) => x.peak_rss_kb || 0)) / 1024;
    results.push({ products: n, entries: runs[0].entries, bundle_bytes: runs[0].bundle_bytes, build_ms: ms, runs_ms: runs.map((x) => x.elapsed_ms), peak_rss_mb: rss });
    progress("catalog", `${n} products: ${fmt(ms)} ms, ${fmt(rss)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const base = results[0].build_ms / results[0].products;
console.log(`\nCatalog builds, 3 questions per product scoped by SKU (${CLI.replace(/.*target\//, "target/")}, median of ${RUNS} runs):\n`);
console.log(
  table(
    ["products", "entries", "build, ms", "µs per product", "× the smallest size's per product", "peak RSS, MB", "bundle, KB"],
    results.map((r) => [fmt(r.products), fmt(r.entries), fmt(r.build_ms), fmt((r.build_ms / r.products) * 1000), ((r.build_ms / r.products) / base).toFixed(2) + "×", fmt(r.peak_rss_mb), fmt(r.bundle_bytes / 1024)]),
    1,
  ),
);
if (!SMOKE) mergeResults("catalog_build", { cli: CLI, runs: RUNS, results });
