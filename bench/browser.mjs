// Side by side in Chromium (Playwright + Debian's Chromium, as tests/browser/harness.mjs): one
// page per engine, way of getting its index and document set, served by a tiny static server on
// 127.0.0.1 with `Cache-Control: max-age=3600` so a second visit can use the HTTP cache.
//   node bench/browser.mjs               # synthetic 1k + StackFAQ (when present)
//   BENCH_SMOKE=1 node bench/browser.mjs # synthetic 100, 20 queries, empty page + shop-answers + MiniSearch
// Needs the widget (make widget) and the CLI. Each peer twice: "build" fetches the documents as
// JSON and builds the index in the page (each library's README way); "load" fetches the index
// serialized at build time (and the texts when the index lacks them), like our prebuilt bundle.
// Ours loads the real widget (shop-answers.js → wasm → bundle); Pagefind its own files. An empty
// page (no search engine) is the baseline.
// Measures, over RUNS runs: time to first answer from navigation start (cold: fresh profile;
// warm: revisit); in the first run also bytes downloaded (raw + gzip of each response, bench/common.mjs gz) and
// requests, relevance by kind, and warm query latency by kind (medians of timed passes).
// Writes results.json key "browser"; never fails on timing.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { ENGINES } from "./engines.mjs";
import { CLI, LIBS, ROOT, SMOKE, STACKFAQ, WIDGET, datasetName, fmt, gz, isMain, latencySummary, libFiles, loadLib, mergeResults, progress, ratio, readJsonl, relevance, stackfaq, summary, synth, table } from "./common.mjs";
import { pagefindIndex } from "./scale.mjs";
import { launch } from "../tests/browser/harness.mjs";

// BENCH_ENGINES=shop-answers,minisearch,pagefind picks some (MiniSearch is the ratios' base).
const ENGINES_HERE = process.env.BENCH_ENGINES ? process.env.BENCH_ENGINES.split(",")
  : SMOKE ? ["empty", "shop-answers", "minisearch"] : ["empty", "shop-answers", ...Object.keys(ENGINES), "pagefind"];
const RUNS = SMOKE ? 1 : 3;
const PER_KIND = 125;
// Warm query latency: timed passes over the queries (kinds interleaved) in the page that the
// relevance pass warmed up (Pagefind's fetched chunks included), each until this much time has
// gone; figures are the medians of the passes' percentiles.
const LATENCY_PASSES = 3;
const PASS_BUDGET_MS = SMOKE ? 100 : 1500;
// Relevance (first run): the queries in order, for at most this long (Fuse.js scans every entry).
const RELEVANCE_BUDGET_MS = SMOKE ? 5000 : 30_000;
const VARIANT = (name) => ENGINES[name]?.variants.at(-1) ?? "default"; // search-as-you-type setting: typo tolerance on
/** The pages of an engine: peers twice (index built in the page / loaded prebuilt). */
const MODES = (eng) => (ENGINES[eng] ? ["build", "load"] : eng === "empty" ? ["none"] : ["load"]);

/** Up to PER_KIND queries of each kind, spread over the set (every k-th), kinds interleaved so
 * that a time budget cuts every kind alike. */
function sample(qs) {
  const kinds = [...new Set(qs.map((q) => q.kind))];
  const per = kinds.map((kind) => {
    const of = qs.filter((q) => q.kind === kind);
    const k = Math.max(1, Math.ceil(of.length / PER_KIND));
    return of.filter((_, i) => i % k === 0);
  });
  const out = [];
  for (let i = 0; i < Math.max(...per.map((p) => p.length)); i++) for (const p of per) if (p[i]) out.push(p[i]);
  return out;
}

function queriesFor(ds, tmp) {
  // Kinds: word, multi (a question), prefix (typed half-way), typo.
  if (ds === "stackfaq") {
    const dev = readJsonl(join(STACKFAQ, "queries-dev.jsonl"));
    const typo = readJsonl(join(STACKFAQ, "queries-dev-typo.jsonl"));
    const longest = (q) => q.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0];
    const prefix = (q) => q.slice(0, Math.max(3, Math.round(q.length * 0.6)));
    return sample([
      ...dev.map((q) => ({ kind: "word", query: longest(q.query), faq_id: q.faq_id })),
      ...dev.map((q) => ({ kind: "multi", query: q.query, faq_id: q.faq_id })),
      ...dev.map((q) => ({ kind: "prefix", query: prefix(q.query), faq_id: q.faq_id })),
      ...typo.map((q) => ({ kind: "typo", query: q.query, faq_id: q.faq_id })),
    ]);
  }
  return sample(readJsonl(join(tmp, `${ds}-queries.jsonl`)).map((q) => ({ kind: q.kind, query: q.query, faq_id: q.faq_id })));
}

async function prepare(tmp) {
  const www = join(tmp, "www");
  mkdirSync(join(www, "data"), { recursive: true });
  mkdirSync(join(www, "idx"), { recursive: true });
  cpSync(join(ROOT, "bench/engines.mjs"), join(www, "engines.mjs"));
  for (const name of Object.keys(LIBS)) {
    for (const f of libFiles(name)) {
      mkdirSync(dirname(join(www, "lib", name, f)), { recursive: true });
      cpSync(join(ROOT, "node_modules", LIBS[name].dir, f), join(www, "lib", name, f));
    }
  }
  const sets = [];
  const n = SMOKE ? 100 : 1000;
  const name = `synth-${n}`;
  synth(n, join(tmp, `${name}.jsonl`), join(tmp, `${name}-queries.jsonl`), SMOKE ? 20 : 500);
  sets.push({ name, file: join(tmp, `${name}.jsonl`) });
  const sf = stackfaq("browser");
  if (sf && !SMOKE) sets.push({ name: "stackfaq", file: sf });
  for (const ds of sets) {
    const docs = readJsonl(ds.file);
    ds.first = docs[0].question;
    const texts = docs.map((d) => ({ id: d.id, question: d.question, answer: d.answer }));
    writeFileSync(join(www, "data", `${ds.name}.json`), JSON.stringify(texts));
    // Our widget: a full dist (bundle + widget) under /sa-<ds>/.
    execFileSync(CLI, ["build", ds.file, "--out", join(www, `sa-${ds.name}`), "--widget", WIDGET], { stdio: "ignore" });
    if (ENGINES_HERE.includes("pagefind")) await pagefindIndex(docs, join(www, `pf-${ds.name}`));
    for (const eng of ENGINES_HERE) {
      if (ENGINES[eng]) {
        const lib = await loadLib(eng);
        writeFileSync(join(www, "idx", `${eng}-${ds.name}.json`), ENGINES[eng].serialize(lib, await ENGINES[eng].build(lib, texts, VARIANT(eng))));
      }
      for (const mode of MODES(eng)) writeFileSync(join(www, `${eng}-${mode}-${ds.name}.html`), page(eng, mode, ds));
    }
    ds.queries = queriesFor(ds.name, tmp);
  }
  return { www, sets };
}

function page(eng, mode, ds) {
  const first = JSON.stringify(ds.first);
  const head = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${eng} ${mode}</title><body>`;
  if (eng === "empty") {
    return `${head}\n<script>window.__search = async () => []; window.__first = []; window.__ttfa = performance.now();</script></body></html>`;
  }
  if (eng === "shop-answers") {
    return `${head}<div data-shop-answers-slot></div>
<script src="/sa-${ds.name}/shop-answers.js"></script>
<script>
window.__search = (q) => window.ShopAnswers.search(q).then((hits) => hits.map((h) => h.id));
window.__search(${first}).then((ids) => { window.__first = ids; window.__ttfa = performance.now(); }, (e) => { window.__error = String(e); });
</script></body></html>`;
  }
  if (eng === "pagefind") {
    return `${head}
<script type="module">
try {
  const pf = await import("/pf-${ds.name}/pagefind.js");
  await pf.options({ excerptLength: 0 });
  await pf.init();
  // A result is shown from its fragment (data()): part of answering.
  window.__search = async (q) => { const r = await pf.search(q); const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data())); return top.map((d) => d.url.split("/").filter(Boolean).pop()); };
  window.__first = await window.__search(${first});
  window.__ttfa = performance.now();
} catch (err) { window.__error = String(err && err.stack || err); }
</script></body></html>`;
  }
  const l = LIBS[eng];
  const load = l.kind === "umd" ? `const lib = window.${l.global};`
    : l.kind === "esm" ? `import * as M from "/lib/${eng}/${l.entry}"; const lib = ${eng === "orama" ? "M" : "M.default ?? M"};`
      : `import D from "/lib/${eng}/${l.entry}"; const lib = D;`;
  const getIndex = mode === "build"
    ? `const docs = await (await fetch("/data/${ds.name}.json")).json();
  let idx = await e.build(lib, docs, variant);`
    : `const [json, docs] = await Promise.all([fetch("/idx/${eng}-${ds.name}.json").then((r) => r.text()), e.texts ? fetch("/data/${ds.name}.json").then((r) => r.json()) : null]);
  let idx = await e.load(lib, json, docs, variant);`;
  return `${head}
${l.kind === "umd" ? `<script src="/lib/${eng}/${l.entry}"></script>` : ""}
<script type="module">
${load}
import { ENGINES } from "/engines.mjs";
try {
  const e = ENGINES[${JSON.stringify(eng)}], variant = ${JSON.stringify(VARIANT(eng))};
  ${getIndex}
  window.__search = async (q) => e.search(lib, idx, q, variant);
  window.__first = await window.__search(${first});
  window.__ttfa = performance.now();
} catch (err) { window.__error = String(err && err.stack || err); }
</script></body></html>`;
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css", ".bin": "application/octet-stream" };
function serve(www) {
  const sizes = new Map();
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(www, path);
    if (!existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    const body = readFileSync(file);
    if (!sizes.has(path)) sizes.set(path, { raw: body.length, gzip: gz(body) });
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Cache-Control": path.endsWith(".html") ? "no-cache" : "max-age=3600",
      // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs resolution.
      "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, sizes, stop: () => server.close() })));
}

async function visit(context, url) {
  const page = await context.newPage();
  const reqs = [];
  page.on("requestfinished", (r) => reqs.push(new URL(r.url()).pathname));
  await page.goto(url);
  await page.waitForFunction(() => window.__ttfa || window.__error, null, { timeout: 60_000 });
  if (!(await page.evaluate(() => window.crossOriginIsolated))) console.log(`${url}: not cross-origin isolated, timer resolution 100 µs`);
  const { ttfa, error, first } = await page.evaluate(() => ({ ttfa: window.__ttfa, error: window.__error, first: window.__first }));
  if (error) throw new Error(`${url}: ${error}`);
  return { page, ttfa, first, reqs };
}

/** Relevance by kind over the queries in order, within RELEVANCE_BUDGET_MS (also the warm-up). */
async function relevanceByKind(page, queries) {
  const ranked = await page.evaluate(async ({ qs, budget }) => {
    const out = [];
    const t0 = performance.now();
    for (const q of qs) {
      if (performance.now() - t0 > budget) break;
      out.push(await window.__search(q.query));
    }
    return out;
  }, { qs: queries, budget: RELEVANCE_BUDGET_MS });
  const rel = {};
  for (const kind of [...new Set(queries.map((q) => q.kind))]) {
    const idx = queries.map((q, i) => (q.kind === kind && i < ranked.length ? i : -1)).filter((i) => i >= 0);
    rel[kind] = relevance(idx.map((i) => ranked[i]), idx.map((i) => queries[i].faq_id));
    const of = queries.filter((q) => q.kind === kind).length;
    if (idx.length < of) rel[kind].of = of;
  }
  return rel;
}

/** One timed pass of warm query latency: µs per query, by kind and all together. */
async function latencyPass(page, queries) {
  const times = await page.evaluate(async ({ qs, budget }) => {
    const out = [];
    const t0 = performance.now();
    for (const q of qs) {
      if (out.length >= 4 && performance.now() - t0 > budget) break;
      const t = performance.now();
      await window.__search(q.query);
      out.push((performance.now() - t) * 1000);
    }
    return out;
  }, { qs: queries, budget: PASS_BUDGET_MS });
  const by = { all: times };
  times.forEach((t, i) => (by[queries[i].kind] ??= []).push(t));
  return by;
}

async function measure(browser, server, eng, mode, ds) {
  const url = `${server.url}/${eng}-${mode}-${ds.name}.html`;
  // Queries on one page per engine: a peer's loaded index is the one it builds.
  const queries = mode === "build" || (mode === "load" && !ENGINES[eng] && eng !== "empty");
  const cold = [], warm = [], lat = {};
  const row = { engine: eng, mode, variant: VARIANT(eng), dataset: ds.name, runs: RUNS };
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const v = await visit(context, url);
    cold.push(v.ttfa);
    if (run === 0) {
      const files = v.reqs.map((p) => ({ path: p, ...server.sizes.get(p) })).filter((f) => f.raw != null);
      row.bytes = { requests: v.reqs.length, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0), files };
      row.first = v.first;
    }
    await v.page.close();
    const w = await visit(context, url);
    warm.push(w.ttfa);
    if (queries && run === 0) {
      row.relevance = await relevanceByKind(w.page, ds.queries);
      for (let p = 0; p < LATENCY_PASSES; p++) {
        for (const [k, ts] of Object.entries(await latencyPass(w.page, ds.queries))) (lat[k] ??= []).push(ts);
      }
    }
    await context.close();
  }
  row.ttfa_cold_ms = summary(cold);
  row.ttfa_warm_ms = summary(warm);
  if (Object.keys(lat).length) row.latency_us = Object.fromEntries(Object.entries(lat).map(([k, runs]) => [k, latencySummary(runs)]));
  return row;
}

async function main() {
  if (!existsSync(join(WIDGET, "shop_answers_context_bg.wasm"))) throw new Error("target/widget not built: run `make widget` first");
  const tmp = mkdtempSync(join(tmpdir(), "sa-browser-bench-"));
  const { www, sets } = await prepare(tmp);
  const server = await serve(www);
  const browser = await launch();
  const rows = [];
  try {
    // The browser's first page pays one-time start-up costs: a throwaway visit takes them.
    const warmUp = await browser.newContext();
    await (await warmUp.newPage()).goto(`${server.url}/${ENGINES_HERE[0]}-${MODES(ENGINES_HERE[0])[0]}-${sets[0].name}.html`);
    await warmUp.close();
    for (const ds of sets) {
      for (const eng of ENGINES_HERE) {
        for (const mode of MODES(eng)) {
          const row = await measure(browser, server, eng, mode, ds);
          rows.push(row);
          progress("browser", `${ds.name} ${eng} ${mode}: first answer ${fmt(row.ttfa_cold_ms.median, 1)} ms cold, ${fmt(row.ttfa_warm_ms.median, 1)} ms warm`);
        }
        const [b, l] = rows.filter((r) => r.engine === eng && r.dataset === ds.name);
        if (l && JSON.stringify(b.first) !== JSON.stringify(l.first)) console.log(`[browser] ${ds.name} ${eng}: the loaded index answers the first query differently from the built one`);
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  console.log(browserTables(rows));
  mergeResults("browser", { rows, runs: RUNS });
  if (SMOKE) {
    for (const r of rows) if (!(r.ttfa_cold_ms?.median > 0) || (r.mode === "build" && !r.latency_us?.all?.n)) throw new Error(`no figures for ${r.engine} ${r.mode}`);
    console.log(`[browser] smoke: ${rows.length} rows, harness OK`);
  }
}

// ---- tables -------------------------------------------------------------------------------------
const MODE_LABEL = { build: "index built in the page", load: "prebuilt index fetched", none: "no search" };
const runsText = (n) => (n > 1 ? `median (min–max) of ${n} runs` : "one run");
const spread1 = (s) => (s ? `${fmt(s.median, 1)}${s.runs.length > 1 ? ` (${fmt(s.min, 1)}–${fmt(s.max, 1)})` : ""}` : "–");

/** MiniSearch's row for the same way of getting the index (ours, Pagefind's and the empty page's
 * against MiniSearch's prebuilt index); for queries, MiniSearch's timed row (one index, two ways
 * of getting it: only the built one is timed). */
export const browserBase = (rs, r) => rs.find((x) => x.engine === "minisearch" && x.mode === (r.mode === "build" ? "build" : "load"));
export const queryBase = (rs) => rs.find((x) => x.engine === "minisearch" && x.latency_us);

export function browserTables(rows) {
  const out = [];
  for (const ds of [...new Set(rows.map((r) => r.dataset))]) {
    const rs = rows.filter((r) => r.dataset === ds);
    out.push(`##### ${datasetName(ds)}, Chromium: time to first answer from navigation start (ms, ${runsText(rs[0].runs)}) and download\n`);
    out.push(table(["engine", "index", "cold", "÷ MS", "warm", "÷ MS", "requests", "bytes raw", "bytes gzip", "gzip ÷ MS"], rs.map((r) => {
      const b = browserBase(rs, r);
      return [r.engine === "empty" ? "empty page (baseline)" : r.engine, MODE_LABEL[r.mode], spread1(r.ttfa_cold_ms), ratio(r.ttfa_cold_ms?.median, b?.ttfa_cold_ms?.median), spread1(r.ttfa_warm_ms), ratio(r.ttfa_warm_ms?.median, b?.ttfa_warm_ms?.median),
        fmt(r.bytes.requests), fmt(r.bytes.raw), fmt(r.bytes.gzip), ratio(r.bytes.gzip, b?.bytes.gzip)];
    })));
    const timed = rs.filter((r) => r.latency_us);
    if (!timed.length) continue;
    const kinds = [...Object.keys(timed[0].latency_us).filter((k) => k !== "all"), "all"];
    const qb = queryBase(rs);
    out.push(`\n##### ${datasetName(ds)}, Chromium: warm query latency (µs, p50 / p95 / p99, ${timed[0].latency_us.all.runs > 1 ? `medians of ${timed[0].latency_us.all.runs} passes` : "one run"}; p50 ÷ MiniSearch)\n`);
    out.push(table(["engine", "typo setting", ...kinds], timed.map((r) => [r.engine, r.variant, ...kinds.map((k) => {
      const l = r.latency_us[k];
      return l ? `${fmt(l.p50, 1)} / ${fmt(l.p95, 1)} / ${fmt(l.p99, 1)} (${ratio(l.p50, qb?.latency_us[k]?.p50)})` : "–";
    })])));
    const rk = Object.keys(timed[0].relevance);
    out.push(`\n##### ${datasetName(ds)}, Chromium: relevance by query kind (hit@1 / MRR@10; MRR ÷ MiniSearch)\n`);
    out.push(table(["engine", "typo setting", ...rk], timed.map((r) => [r.engine, r.variant, ...rk.map((k) => {
      const m = r.relevance[k];
      return m ? `${fmt(m.hit1, 3)} / ${fmt(m.mrr10, 3)} (${ratio(m.mrr10, qb?.relevance[k]?.mrr10)})${m.of ? ` (first ${m.queries} of ${m.of})` : ""}` : "–";
    })])));
    out.push("");
  }
  return out.join("\n");
}

if (isMain(import.meta)) await main();
