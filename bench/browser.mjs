// Side by side in Chromium (Playwright + Debian's Chromium, as tests/browser/harness.mjs):
// one page per engine and document set, served by a tiny static server on 127.0.0.1 with
// `Cache-Control: max-age=3600` so a second visit can use the HTTP cache.
//   node bench/browser.mjs               # synthetic 1k + StackFAQ (when present)
//   BENCH_SMOKE=1 node bench/browser.mjs # synthetic 100, 20 queries, shop-answers + minisearch
// Needs the widget (make widget) and the CLI. Peers get their documents as JSON and build the
// index in the page (each library's README way); shop-answers loads its prebuilt bundle.
// Measures: time to first answer from navigation start (cold: fresh profile; warm: revisit),
// bytes downloaded (raw + gzip -9 of each response) and requests, and warm query latency by
// kind. Writes bench/results.json key "browser"; never fails on timing.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { ENGINES } from "./engines.mjs";
import { synth as synthCatalog, CLI, ROOT, SMOKE, STACKFAQ, gz, mergeResults, pct, readJsonl, table } from "./peers.mjs";
import { launch } from "../tests/browser/harness.mjs";

const WIDGET = join(ROOT, "target/widget");
// Pagefind builds its index with a native binary (npm optional package) and searches only in
// the browser (wasm + index chunks fetched on demand), so it is measured here only.
// BENCH_ENGINES=shop-answers,minisearch,pagefind picks some (MiniSearch is the ratios' base).
const ENGINES_HERE = process.env.BENCH_ENGINES ? process.env.BENCH_ENGINES.split(",")
  : SMOKE ? ["shop-answers", "minisearch"] : ["shop-answers", ...Object.keys(ENGINES), "pagefind"];
const RUNS = SMOKE ? 1 : 3;
const PER_KIND = 125;

// Library files each peer page loads (copied under /lib/<engine>/).
const LIBS = {
  minisearch: { dir: "minisearch/dist/es", entry: "index.js", kind: "esm" },
  lunr: { dir: "lunr", file: "lunr.min.js", entry: "lunr.min.js", kind: "umd", global: "lunr" },
  flexsearch: { dir: "flexsearch/dist", file: "flexsearch.bundle.module.min.mjs", entry: "flexsearch.bundle.module.min.mjs", kind: "esm-default" },
  fuse: { dir: "fuse.js/dist", file: "fuse.min.mjs", entry: "fuse.min.mjs", kind: "esm-default" },
  orama: { dir: "@orama/orama/dist/browser", entry: "index.js", kind: "esm" },
};
const VARIANT = (name) => ENGINES[name]?.variants.at(-1) ?? "default"; // search-as-you-type setting: typo tolerance on

function queriesFor(ds, tmp) {
  // Kinds: word, multi (a question), prefix (typed half-way), typo.
  if (ds === "stackfaq") {
    const dev = readJsonl(join(STACKFAQ, "queries-dev.jsonl"));
    const typo = readJsonl(join(STACKFAQ, "queries-dev-typo.jsonl"));
    const longest = (q) => q.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0];
    const prefix = (q) => q.slice(0, Math.max(3, Math.round(q.length * 0.6)));
    return [
      ...dev.map((q) => ({ kind: "word", query: longest(q.query), faq_id: q.faq_id })),
      ...dev.map((q) => ({ kind: "multi", query: q.query, faq_id: q.faq_id })),
      ...dev.map((q) => ({ kind: "prefix", query: prefix(q.query), faq_id: q.faq_id })),
      ...typo.map((q) => ({ kind: "typo", query: q.query, faq_id: q.faq_id })),
    ];
  }
  return readJsonl(join(tmp, `${ds}-queries.jsonl`)).map((q) => ({ kind: q.kind, query: q.query, faq_id: q.faq_id }));
}

const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Pagefind's index of the documents, the way its docs recommend for non-HTML content that
 * should keep heading weights: one HTML record per entry, the question as <h1>. */
async function pagefindIndex(docs, outputPath) {
  const pagefind = await import("pagefind");
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors}`);
  for (const d of docs) {
    await index.addHTMLFile({ url: `/${d.id}/`, content: `<!doctype html><html lang="en"><body><main><h1>${esc(d.question)}</h1><p>${esc(d.answer)}</p></main></body></html>` });
  }
  const w = await index.writeFiles({ outputPath });
  if (w.errors?.length) throw new Error(`pagefind: ${w.errors}`);
  await pagefind.close();
}

async function prepare(tmp) {
  const www = join(tmp, "www");
  mkdirSync(join(www, "data"), { recursive: true });
  cpSync(join(ROOT, "bench/engines.mjs"), join(www, "engines.mjs"));
  for (const [name, l] of Object.entries(LIBS)) {
    const src = join(ROOT, "node_modules", l.dir);
    if (l.file) { mkdirSync(join(www, "lib", name), { recursive: true }); cpSync(join(src, l.file), join(www, "lib", name, l.file)); }
    else cpSync(src, join(www, "lib", name), { recursive: true, filter: (p) => !/\.(d\.ts|map)$/.test(p) });
  }
  const sets = [];
  const n = SMOKE ? 100 : 1000;
  const synth = `synth-${n}`;
  synthCatalog(n, join(tmp, `${synth}.jsonl`), join(tmp, `${synth}-queries.jsonl`), SMOKE ? 20 : 500);
  sets.push({ name: synth, file: join(tmp, `${synth}.jsonl`) });
  if (existsSync(join(STACKFAQ, "faqs.jsonl"))) {
    if (!SMOKE) sets.push({ name: "stackfaq", file: join(STACKFAQ, "faqs.jsonl") });
  } else console.log(`stackfaq: skipped (${STACKFAQ}/faqs.jsonl not found)`);
  for (const ds of sets) {
    const docs = readJsonl(ds.file);
    const first = readJsonl(ds.file)[0].question;
    ds.first = first;
    writeFileSync(join(www, "data", `${ds.name}.json`), JSON.stringify(docs.map((d) => ({ id: d.id, question: d.question, answer: d.answer }))));
    // Our widget: a full dist (bundle + widget) under /sa-<ds>/.
    execFileSync(CLI, ["build", ds.file, "--out", join(www, `sa-${ds.name}`), "--widget", WIDGET], { stdio: "ignore" });
    if (ENGINES_HERE.includes("pagefind")) await pagefindIndex(docs, join(www, `pf-${ds.name}`));
    for (const eng of ENGINES_HERE) writeFileSync(join(www, `${eng}-${ds.name}.html`), page(eng, ds));
    // At most PER_KIND queries of each kind, spread over the set (every k-th).
    const qs = queriesFor(ds.name, tmp);
    ds.queries = [];
    for (const kind of [...new Set(qs.map((q) => q.kind))]) {
      const of = qs.filter((q) => q.kind === kind);
      const k = Math.max(1, Math.ceil(of.length / PER_KIND));
      ds.queries.push(...of.filter((_, i) => i % k === 0));
    }
  }
  return { www, sets };
}

function page(eng, ds) {
  const first = JSON.stringify(ds.first);
  if (eng === "shop-answers") {
    return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${eng}</title><body><div data-shop-answers-slot></div>
<script src="/sa-${ds.name}/shop-answers.js"></script>
<script>
window.__search = (q) => window.ShopAnswers.search(q).then((hits) => hits.map((h) => h.id));
window.ShopAnswers.search(${first}).then(() => { window.__ttfa = performance.now(); }, (e) => { window.__error = String(e); });
</script></body></html>`;
  }
  if (eng === "pagefind") {
    return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${eng}</title><body>
<script type="module">
try {
  const pf = await import("/pf-${ds.name}/pagefind.js");
  await pf.options({ excerptLength: 0 });
  await pf.init();
  // A result is shown from its fragment (data()): part of answering.
  window.__search = async (q) => { const r = await pf.search(q); const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data())); return top.map((d) => d.url.split("/").filter(Boolean).pop()); };
  await window.__search(${first});
  window.__ttfa = performance.now();
} catch (err) { window.__error = String(err && err.stack || err); }
</script></body></html>`;
  }
  const l = LIBS[eng];
  const load = l.kind === "umd" ? `const lib = window.${l.global};`
    : l.kind === "esm" ? `import * as M from "/lib/${eng}/${l.entry}"; const lib = ${eng === "orama" ? "M" : "M.default ?? M"};`
      : `import D from "/lib/${eng}/${l.entry}"; const lib = D;`;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${eng}</title><body>
${l.kind === "umd" ? `<script src="/lib/${eng}/${l.entry}"></script>` : ""}
<script type="module">
${load}
import { ENGINES } from "/engines.mjs";
try {
  const e = ENGINES[${JSON.stringify(eng)}], variant = ${JSON.stringify(VARIANT(eng))};
  const docs = await (await fetch("/data/${ds.name}.json")).json();
  let idx = e.build(lib, docs, variant); if (idx && idx.then) idx = await idx;
  window.__search = async (q) => { const r = e.search(lib, idx, q, variant); return r && r.then ? await r : r; };
  await window.__search(${first});
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
  const { ttfa, error } = await page.evaluate(() => ({ ttfa: window.__ttfa, error: window.__error }));
  if (error) throw new Error(`${url}: ${error}`);
  return { page, ttfa, reqs };
}

async function latency(page, queries) {
  return page.evaluate(async (qs) => {
    const rel = {};
    const t0 = performance.now();
    for (const q of qs) { // warm-up pass, also relevance (at most 30 s: Fuse.js scans every entry)
      if (performance.now() - t0 > 30_000) break;
      const ids = await window.__search(q.query);
      const r = ids.indexOf(q.faq_id) + 1;
      const m = (rel[q.kind] ??= { n: 0, hit1: 0, hit5: 0, mrr10: 0 });
      m.n++; if (r === 1) m.hit1++; if (r >= 1 && r <= 5) m.hit5++; if (r >= 1 && r <= 10) m.mrr10 += 1 / r;
    }
    for (const m of Object.values(rel)) { m.hit1 = +(m.hit1 / m.n).toFixed(3); m.hit5 = +(m.hit5 / m.n).toFixed(3); m.mrr10 = +(m.mrr10 / m.n).toFixed(3); }
    const by = {};
    const passes = qs.length > 100 ? 3 : 5;
    const t1 = performance.now();
    let timed = 0;
    for (let p = 0; p < passes; p++) {
      for (const q of qs) {
        if (timed++ >= qs.length && performance.now() - t1 > 8_000) break; // one full pass, then ≤ 8 s
        const t = performance.now();
        await window.__search(q.query);
        (by[q.kind] ??= []).push((performance.now() - t) * 1000);
      }
    }
    return { by, rel };
  }, queries);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!existsSync(join(WIDGET, "shop_answers_bg.wasm"))) throw new Error("target/widget not built: run `make widget` first");
  const tmp = mkdtempSync(join(tmpdir(), "sa-browser-bench-"));
  const { www, sets } = await prepare(tmp);
  const server = await serve(www);
  const browser = await launch();
  const rows = [];
  try {
    for (const ds of sets) {
      for (const eng of ENGINES_HERE) {
        const url = `${server.url}/${eng}-${ds.name}.html`;
        const cold = [], warm = [];
        let bytes = null, lat = null, rel = null;
        for (let run = 0; run < RUNS; run++) {
          const context = await browser.newContext();
          const v = await visit(context, url);
          cold.push(v.ttfa);
          if (run === 0) {
            const files = v.reqs.map((p) => server.sizes.get(p)).filter(Boolean);
            bytes = { requests: v.reqs.length, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
          }
          await v.page.close();
          const w = await visit(context, url);
          warm.push(w.ttfa);
          if (run === 0) {
            const m = await latency(w.page, ds.queries);
            const by = m.by;
            rel = m.rel;
            lat = {};
            const all = [];
            for (const [k, ts] of Object.entries(by)) {
              all.push(...ts);
              ts.sort((a, b) => a - b);
              lat[k] = { n: ts.length, p50: +pct(ts, 0.5).toFixed(1), p95: +pct(ts, 0.95).toFixed(1), p99: +pct(ts, 0.99).toFixed(1) };
            }
            all.sort((a, b) => a - b);
            lat.all = { n: all.length, p50: +pct(all, 0.5).toFixed(1), p95: +pct(all, 0.95).toFixed(1), p99: +pct(all, 0.99).toFixed(1) };
          }
          await context.close();
        }
        const row = { engine: eng, variant: VARIANT(eng), dataset: ds.name, ttfa_cold_ms: +median(cold).toFixed(1), ttfa_warm_ms: +median(warm).toFixed(1), runs: RUNS, bytes, latency_us: lat, relevance: rel };
        rows.push(row);
        process.stderr.write(`[browser] ${ds.name} ${eng}: first answer ${row.ttfa_cold_ms} ms cold, ${row.ttfa_warm_ms} ms warm\n`);
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  const chromium = execFileSync(process.env.CHROMIUM || "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  console.log(browserTables(rows));
  const all = mergeResults(SMOKE ? "browser_smoke" : "browser", { rows, chromium, date: new Date().toISOString() });
  if (SMOKE) {
    for (const r of rows) if (!(r.ttfa_cold_ms > 0) || !r.latency_us.all.n) throw new Error(`no figures for ${r.engine}`);
    console.log(`[browser] smoke: ${rows.length} rows, harness OK`);
  }
  return all;
}

const ratio = (a, b) => (a == null || !b ? "–" : (a / b).toFixed(2) + "×");
const f1 = (x) => (x == null ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
const f0 = (x) => (x == null ? "–" : x.toLocaleString("en-US"));
export function browserTables(rows) {
  const out = [];
  for (const ds of [...new Set(rows.map((r) => r.dataset))]) {
    const rs = rows.filter((r) => r.dataset === ds);
    const b = rs.find((r) => r.engine === "minisearch");
    out.push(`### ${ds}, Chromium: first answer and download\n`);
    out.push(table(["engine", "typo setting", "first answer cold ms", "÷ MS", "first answer warm ms", "÷ MS", "requests", "bytes raw", "bytes gzip", "gzip ÷ MS"], rs.map((r) => [
      r.engine, r.variant, f1(r.ttfa_cold_ms), ratio(r.ttfa_cold_ms, b?.ttfa_cold_ms), f1(r.ttfa_warm_ms), ratio(r.ttfa_warm_ms, b?.ttfa_warm_ms),
      f0(r.bytes.requests), f0(r.bytes.raw), f0(r.bytes.gzip), ratio(r.bytes.gzip, b?.bytes.gzip),
    ])));
    out.push(`\n### ${ds}, Chromium: warm query latency (µs, p50 / p95 / p99; p50 ÷ MiniSearch)\n`);
    const kinds = Object.keys(rs[0].latency_us);
    out.push(table(["engine", "typo setting", ...kinds], rs.map((r) => [r.engine, r.variant, ...kinds.map((k) => {
      const l = r.latency_us[k];
      return l ? `${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)} (${ratio(l.p50, b?.latency_us[k]?.p50)})` : "–";
    })])));
    out.push(`\n### ${ds}, Chromium: relevance by query kind (hit@1 / MRR@10; MRR ÷ MiniSearch)\n`);
    const rk = Object.keys(rs[0].relevance);
    out.push(table(["engine", "typo setting", ...rk], rs.map((r) => [r.engine, r.variant, ...rk.map((k) => {
      const m = r.relevance[k];
      const full = rs.find((x) => x.engine === "minisearch")?.relevance[k]?.n;
      return m ? `${m.hit1.toFixed(3)} / ${m.mrr10.toFixed(3)} (${ratio(m.mrr10, b?.relevance[k]?.mrr10)})${full && m.n < full ? ` (first ${m.n} of ${full})` : ""}` : "–";
    })])));
    out.push("");
  }
  return out.join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) await main();
