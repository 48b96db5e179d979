// Side by side in Node: shop-answers against the search libraries a shop developer would pick
// instead (bench/engines.mjs), on the same documents in the same run.
//   node bench/peers.mjs            # StackFAQ (when ../shared/data/stackfaq is there) + synthetic 1k, 10k
//   BENCH_SMOKE=1 node bench/peers.mjs   # 100 entries, 20 queries, minisearch + lunr: checks the harness
// Writes bench/results.json key "node" (merged with what bench/browser.mjs writes) and prints
// tables with absolute figures and ratios to MiniSearch. Never fails on timing.
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ENGINES } from "./engines.mjs";

export const ROOT = new URL("../", import.meta.url).pathname;
export const SMOKE = !!process.env.BENCH_SMOKE;
// The smoke run (part of `make test`) uses the debug CLI that `make cli` builds; the full run the
// release one (size-tuned, as shipped). Either falls back to the other when only that one exists.
const CLIS = ["target/release/shop-answers", "target/debug/shop-answers"].map((p) => join(ROOT, p));
if (SMOKE) CLIS.reverse();
export const CLI = process.env.SHOP_ANSWERS_CLI || CLIS.find((p) => existsSync(p)) || CLIS[0];
export const STACKFAQ = join(ROOT, "../shared/data/stackfaq");
const require = createRequire(import.meta.url);

export const PEERS = SMOKE ? ["minisearch", "lunr"] : Object.keys(ENGINES);
export const gz = (buf) => gzipSync(buf, { level: 9 }).length;
export const readJsonl = (p) => readFileSync(p, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
export const pct = (sorted, p) => sorted[Math.round((sorted.length - 1) * p)];
const r3 = (x) => +x.toFixed(3);
const RELEVANCE_BUDGET_S = +(process.env.BENCH_RELEVANCE_BUDGET_S || 30);

export async function loadLib(name) {
  if (name === "lunr") return require("lunr");
  const m = await import(ENGINES[name].pkg);
  if (name === "orama") return m;
  return m.default ?? m;
}

/** `shop-answers synth`: a catalog of n entries into `file`, `count` queries into `queries`. */
export function synth(n, file, queries, count) {
  const fd = openSync(file, "w");
  try { execFileSync(CLI, ["synth", "--entries", String(n), "--queries", queries, "--query-count", String(count)], { stdio: ["ignore", fd, "inherit"] }); } finally { closeSync(fd); }
}

/** Datasets: {name, docs file, query sets [{name, file}]}; synthetic ones generated here. */
export function datasets(tmp) {
  const out = [];
  if (existsSync(join(STACKFAQ, "faqs.jsonl"))) {
    out.push({
      name: "stackfaq", file: join(STACKFAQ, "faqs.jsonl"),
      queries: [{ name: "dev", file: join(STACKFAQ, "queries-dev.jsonl") }, { name: "dev-typo", file: join(STACKFAQ, "queries-dev-typo.jsonl") }],
    });
  } else {
    console.log(`stackfaq: skipped (${STACKFAQ}/faqs.jsonl not found)`);
  }
  for (const n of SMOKE ? [100] : [1000, 10000]) {
    const file = join(tmp, `synth-${n}.jsonl`), q = join(tmp, `synth-${n}-queries.jsonl`);
    const count = SMOKE ? 20 : 500;
    synth(n, file, q, count);
    out.push({ name: `synth-${n}`, file, queries: [{ name: "synth", file: q }] });
  }
  if (SMOKE) for (const d of out) for (const q of d.queries) q.limit = 20;
  return out;
}

function relevance(ranked, want) {
  let h1 = 0, h5 = 0, mrr = 0;
  ranked.forEach((ids, i) => {
    const r = ids.indexOf(want[i]) + 1;
    if (r === 1) h1++;
    if (r >= 1 && r <= 5) h5++;
    if (r >= 1) mrr += 1 / r;
  });
  const n = ranked.length;
  return { queries: n, hit1: r3(h1 / n), hit5: r3(h5 / n), mrr10: r3(mrr / n) };
}

const settle = (v) => (v && typeof v.then === "function" ? v : null);

async function measurePeer(name, ds) {
  const eng = ENGINES[name];
  const lib = await loadLib(name);
  const docs = readJsonl(ds.file);
  const rows = [];
  let shared = null;
  for (const variant of eng.variants) {
    let idx = null, buildMs;
    if (!shared || eng.buildPerVariant) {
      const t = performance.now();
      idx = eng.build(lib, docs, variant);
      idx = settle(idx) ? await idx : idx;
      buildMs = performance.now() - t;
      let ser = null;
      try { ser = eng.serialize(lib, idx); } catch (e) { ser = null; console.log(`${name}: serialize failed: ${e.message}`); }
      shared = { idx, buildMs, raw: ser ? Buffer.byteLength(ser) : null, gzip: ser ? gz(Buffer.from(ser)) : null };
    }
    ({ idx, buildMs } = shared);
    const row = { engine: name, variant, dataset: ds.name, entries: docs.length, build_ms: r3(buildMs), index_raw: shared.raw, index_gzip: shared.gzip, relevance: {}, latency_us: {} };
    // What a site ships to answer without building in the browser: the serialized index plus
    // the question/answer texts it does not store (gzip of the two, apart).
    row.ship_gzip = shared.gzip == null ? null : shared.gzip + gz(Buffer.from(JSON.stringify(docs.map((d) => ({ id: d.id, question: d.question, answer: d.answer })))));
    for (const qs of ds.queries) {
      let qrows = readJsonl(qs.file);
      if (qs.limit) qrows = qrows.slice(0, qs.limit);
      const run = async (q) => { const r = eng.search(lib, idx, q, variant); return settle(r) ? await r : r; };
      // Relevance over the queries in order, for at most RELEVANCE_BUDGET_S (Fuse.js scans every
      // document per query: on 10k entries the full set would take many minutes); a partial
      // set is reported with its size.
      const ranked = [];
      const t0 = performance.now();
      for (const q of qrows) {
        if (performance.now() - t0 > RELEVANCE_BUDGET_S * 1000) break;
        ranked.push(await run(q.query));
      }
      row.relevance[qs.name] = relevance(ranked, qrows.map((q) => q.faq_id));
      if (ranked.length < qrows.length) row.relevance[qs.name].of = qrows.length;
      // Warm latency: the pass above warmed up; timed passes until 3 passes or 4 s (≥ 20 queries).
      const times = [];
      const start = performance.now();
      for (let pass = 0; pass < 3; pass++) {
        for (const q of qrows) {
          if (times.length >= 20 && performance.now() - start > 4000) break;
          const t = performance.now();
          await run(q.query);
          times.push((performance.now() - t) * 1000);
        }
      }
      times.sort((a, b) => a - b);
      row.latency_us[qs.name] = { n: times.length, p50: r3(pct(times, 0.5)), p95: r3(pct(times, 0.95)), p99: r3(pct(times, 0.99)) };
    }
    rows.push(row);
  }
  return rows;
}

function measureOurs(ds, tmp) {
  const out = join(tmp, `ours-${ds.name}`);
  const stats = JSON.parse(execFileSync(CLI, ["build", ds.file, "--bundle-only", "--stats", "--out", out], { stdio: ["ignore", "pipe", "ignore"] }));
  const bundle = readFileSync(join(out, JSON.parse(readFileSync(join(out, "manifest.json"))).bundle));
  const row = { engine: "shop-answers", variant: "default", dataset: ds.name, entries: stats.entries, build_ms: r3(stats.elapsed_ms), index_raw: bundle.length, index_gzip: gz(bundle), ship_gzip: gz(bundle), relevance: {}, latency_us: {}, note: "bundle = index + the question/answer texts; latency: native bench / browser run" };
  for (const qs of ds.queries) {
    let file = qs.file;
    if (qs.limit) { file = join(tmp, `q-${ds.name}-${qs.name}.jsonl`); writeFileSync(file, readFileSync(qs.file, "utf8").split("\n").filter((l) => l.trim()).slice(0, qs.limit).join("\n") + "\n"); }
    const m = JSON.parse(execFileSync(CLI, ["eval", "--bundle", out, "--queries", file, "--json"]));
    row.relevance[qs.name] = { queries: m.queries, hit1: r3(m["hit@1"]), hit5: r3(m["hit@5"]), mrr10: r3(m["mrr@10"]) };
  }
  return row;
}

const pkgVersion = (p) => { try { return JSON.parse(readFileSync(join(ROOT, "node_modules", p, "package.json"))).version; } catch { return null; } };
export function versions() {
  const v = {};
  for (const [name, e] of Object.entries(ENGINES)) v[e.pkg] = pkgVersion(e.pkg);
  for (const p of ["pagefind", "playwright-core"]) v[p] = pkgVersion(p);
  v.node = process.version;
  v.nproc = (readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm) || []).length;
  try { v["shop-answers"] = execFileSync(CLI, ["--version"]).toString().trim(); } catch { /* older CLI */ }
  return v;
}

// ---- tables --------------------------------------------------------------------------------
const fmt = (x, d = 0) => (x == null ? "–" : typeof x === "number" ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));
const ratio = (a, b) => (a == null || b == null || !b ? "–" : (a / b).toFixed(2) + "×");
export function table(head, rows) {
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
}

export function nodeTables(rows) {
  const out = [];
  const byDs = [...new Set(rows.map((r) => r.dataset))];
  for (const ds of byDs) {
    const rs = rows.filter((r) => r.dataset === ds);
    const base = rs.find((r) => r.engine === "minisearch" && r.variant === "exact") || rs.find((r) => r.engine === "minisearch");
    const qsets = Object.keys(rs[0].relevance);
    out.push(`### ${ds} (${rs[0].entries} entries), Node\n`);
    const head = ["engine", "typo setting", "build ms", "index raw", "index gzip", "gzip ÷ MS", "index + texts gzip", "÷ MS"];
    for (const q of qsets) head.push(`${q} hit@1`, `${q} hit@5`, `${q} MRR@10`, `MRR ÷ MS`);
    for (const q of qsets) head.push(`${q} p50 µs`, `p95 µs`, `p99 µs`, `p50 ÷ MS`);
    out.push(table(head, rs.map((r) => {
      const b = rs.find((x) => x.engine === "minisearch" && x.variant === r.variant) || base;
      const cells = [r.engine, r.variant, fmt(r.build_ms, 1), fmt(r.index_raw), fmt(r.index_gzip), ratio(r.index_gzip, base?.index_gzip), fmt(r.ship_gzip), ratio(r.ship_gzip, base?.ship_gzip)];
      for (const q of qsets) { const m = r.relevance[q]; cells.push(fmt(m.hit1, 3) + (m.of ? ` (first ${m.queries} of ${m.of})` : ""), fmt(m.hit5, 3), fmt(m.mrr10, 3), ratio(m.mrr10, b?.relevance[q]?.mrr10)); }
      for (const q of qsets) { const l = r.latency_us[q]; cells.push(fmt(l?.p50, 1), fmt(l?.p95, 1), fmt(l?.p99, 1), l ? ratio(l.p50, b?.latency_us[q]?.p50) : "native: RESULTS"); }
      return cells;
    })));
    out.push("");
  }
  return out.join("\n");
}

export function mergeResults(key, value) {
  const path = join(ROOT, "bench/results.json");
  let all = {};
  try { all = JSON.parse(readFileSync(path, "utf8")); } catch { /* first run */ }
  all[key] = value;
  all.versions = versions();
  if (!SMOKE) writeFileSync(path, JSON.stringify(all, null, 1) + "\n");
  return all;
}

async function main() {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: build it first (cargo build --release --features cli)`);
  const tmp = mkdtempSync(join(tmpdir(), "sa-peers-"));
  const rows = [];
  for (const ds of datasets(tmp)) {
    rows.push(measureOurs(ds, tmp));
    for (const name of PEERS) {
      const t = performance.now();
      rows.push(...(await measurePeer(name, ds)));
      process.stderr.write(`[peers] ${ds.name} ${name} ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    }
  }
  console.log(nodeTables(rows));
  mergeResults(SMOKE ? "node_smoke" : "node", { rows, date: new Date().toISOString() });
  if (SMOKE) {
    for (const r of rows) if (!Object.values(r.relevance).every((m) => m.queries > 0 && m.mrr10 >= 0)) throw new Error(`no relevance for ${r.engine}`);
    console.log(`[peers] smoke: ${rows.length} rows, harness OK`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) await main();
