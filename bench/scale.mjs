// Bytes a shopper downloads, index build time and peak memory, per engine and catalog size:
// StackFAQ and the synthetic catalog at 100, 1k, 10k and 100k entries (ours also at 1M, build
// time and memory only, for the scaling curve).
//   node bench/scale.mjs                 # the full run
//   BENCH_SMOKE=1 node bench/scale.mjs   # 100 entries, one run, a few engines: checks the harness
// Every build runs in a child process (this script with --child), so its peak RSS is its own,
// under a time cap and, for Node, a heap cap; an engine that fails or hits a cap at one size is
// reported with the reason and not tried at larger ones. Downloads are computed here, not in a
// browser: the library's files as a page loads them (bench/common.mjs libFiles) + the index
// serialized the way its docs say + the texts when the index does not hold them; ours is the
// widget + the bundle (which holds the texts); Pagefind's is the files its indexer writes.
// Writes results.json key "scale" and prints the tables. Never fails on timing.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINES } from "./engines.mjs";
import { CLI, LIBS, ROOT, SMOKE, WIDGET, fileBytes, fmt, gz, isMain, libFiles, loadLib, mergeResults, progress, ratio, readJsonl, stackfaq, summary, synth, table } from "./common.mjs";

const SIZES = SMOKE ? [100] : [100, 1000, 10000, 100000];
const OURS_ONLY = SMOKE ? [] : [1000000];
const RUNS = SMOKE ? 1 : 3;
// A build slower than this is not repeated: its run-to-run spread matters less than the
// 20-minute budget of `make bench` (the slowest builds at 100k and ours at 1M; the table shows
// one run).
const REPEAT_UNDER_MS = 10_000;
// The loaded index is checked against the built one up to this size: the check is the same at
// any size, and a Fuse.js query on 10k entries takes seconds (on 100k, Orama's up to a minute).
const CHECK_UP_TO = 1000;
const TIMEOUT_S = +(process.env.BENCH_BUILD_TIMEOUT_S || 180);
const HEAP_MB = +(process.env.BENCH_HEAP_MB || 4096);

/** [engine, index variant] pairs: one per index an engine builds (FlexSearch: one per setting). */
function measuredIndexes() {
  const peers = SMOKE ? ["minisearch", "orama"] : Object.keys(ENGINES);
  const out = [["shop-answers", "default"]];
  for (const name of peers) {
    for (const v of ENGINES[name].buildPerVariant ? ENGINES[name].variants : ["default"]) out.push([name, v]);
  }
  out.push(["pagefind", "default"]);
  return out;
}

// ---- child: one build ------------------------------------------------------------------------
const texts = (docs) => JSON.stringify(docs.map((d) => ({ id: d.id, question: d.question, answer: d.answer })));
const bytesOf = (s) => { const b = Buffer.from(s); return { raw: b.length, gzip: gz(b) }; };
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Peak RSS (MB) of this process's child processes (Pagefind's native indexer). */
function childrenPeakMb() {
  let kb = 0;
  for (const t of readdirSync(`/proc/${process.pid}/task`)) {
    for (const pid of readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").split(/\s+/).filter(Boolean)) {
      const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s*(\d+)/);
      if (m) kb += +m[1];
    }
  }
  return kb / 1024;
}

const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Pagefind's index of the documents, the way its docs recommend for non-HTML content that
 * should keep heading weights: one HTML record per entry, the question as <h1>. Resolves to
 * the peak RSS (MB) of its native indexer, read before the indexer exits. */
export async function pagefindIndex(docs, outputPath) {
  const pagefind = await import("pagefind");
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors}`);
  for (const d of docs) {
    await index.addHTMLFile({ url: `/${d.id}/`, content: `<!doctype html><html lang="en"><body><main><h1>${esc(d.question)}</h1><p>${esc(d.answer)}</p></main></body></html>` });
  }
  const w = await index.writeFiles({ outputPath });
  if (w.errors?.length) throw new Error(`pagefind: ${w.errors}`);
  const indexerMb = childrenPeakMb();
  await pagefind.close();
  return indexerMb;
}

// Pagefind's output as an English page fetches it (the records say lang="en"): its script, worker
// and English wasm are code; entry, metadata, index chunks and fragments are index. The UI
// bundles (not loaded by a page that calls the search API) and the wasm for pages without a
// language are hosted but not fetched.
const PAGEFIND_CODE = /^(pagefind\.js|pagefind-worker\.js|wasm\.en\.pagefind)$/;
const PAGEFIND_INDEX = /^(pagefind-entry\.json|.*\.pf_(meta|index|fragment))$/;

async function child({ engine, variant, file, out, sizes }) {
  const docs = readJsonl(file);
  const docsMb = maxRssMb();
  const r = {};
  if (engine === "pagefind") {
    const t = performance.now();
    const indexerMb = await pagefindIndex(docs, out);
    r.build_ms = performance.now() - t;
    r.peak_rss_mb = maxRssMb() + indexerMb;
    r.docs_rss_mb = docsMb;
    if (sizes) {
      const files = readdirSync(out, { recursive: true }).filter((f) => statSync(join(out, f)).isFile());
      const code = files.filter((f) => PAGEFIND_CODE.test(f.split("/").pop()));
      const index = files.filter((f) => PAGEFIND_INDEX.test(f.split("/").pop()));
      r.code = fileBytes(code.map((f) => join(out, f)));
      r.index = fileBytes(index.map((f) => join(out, f)));
    }
    return r;
  }
  const eng = ENGINES[engine];
  const lib = await loadLib(engine);
  const v = variant === "default" ? eng.variants[0] : variant;
  const t = performance.now();
  const idx = await eng.build(lib, docs, v);
  r.build_ms = performance.now() - t;
  r.peak_rss_mb = maxRssMb();
  r.docs_rss_mb = docsMb;
  if (sizes) {
    const s = eng.serialize(lib, idx);
    r.index = bytesOf(s);
    const shown = eng.texts ? texts(docs) : null;
    if (shown) r.texts = bytesOf(shown);
    // Load it back as a page would, timed, and check that it answers as the built index does.
    const t1 = performance.now();
    const loaded = await eng.load(lib, s, shown && JSON.parse(shown), v);
    r.load_ms = performance.now() - t1;
    if (docs.length <= CHECK_UP_TO) {
      r.load_same = true;
      for (const d of docs.slice(0, 5)) {
        const [a, b] = [await eng.search(lib, idx, d.question, v), await eng.search(lib, loaded, d.question, v)];
        r.load_same &&= JSON.stringify(a) === JSON.stringify(b);
      }
    }
  }
  return r;
}

// ---- parent -----------------------------------------------------------------------------------
function runChild(job) {
  const p = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, new URL(import.meta.url).pathname, "--child", JSON.stringify(job)],
    { encoding: "utf8", timeout: TIMEOUT_S * 1000, maxBuffer: 1 << 20, killSignal: "SIGKILL" });
  if (p.error?.code === "ETIMEDOUT" || (p.signal && p.status == null && !/heap out of memory/.test(p.stderr))) return { error: `timed out (cap ${TIMEOUT_S} s)` };
  if (/heap out of memory/i.test(p.stderr)) return { error: `out of memory (Node heap cap ${HEAP_MB / 1024} GiB)` };
  if (p.status !== 0) return { error: `failed: ${(p.stderr.trim().split("\n").filter((l) => /Error/.test(l))[0] || p.stderr.trim().split("\n").pop() || `exit ${p.status}`).trim().slice(0, 160)}` };
  return JSON.parse(p.stdout.trim().split("\n").pop());
}

function runOurs(file, out, sizes) {
  const p = spawnSync(CLI, ["build", file, "--bundle-only", "--stats", "--out", out], { encoding: "utf8", timeout: TIMEOUT_S * 1000, killSignal: "SIGKILL" });
  if (p.error?.code === "ETIMEDOUT") return { error: `timed out (cap ${TIMEOUT_S} s)` };
  if (p.status !== 0) return { error: `failed: ${p.stderr.trim().split("\n").pop()}` };
  const s = JSON.parse(p.stdout);
  const r = { build_ms: s.elapsed_ms, peak_rss_mb: s.peak_rss_kb / 1024 };
  if (sizes) {
    const bundle = readFileSync(join(out, JSON.parse(readFileSync(join(out, "manifest.json"))).bundle));
    r.index = { raw: bundle.length, gzip: gz(bundle) };
    // The answer engine's size target: the bundle less the texts it must carry anyway.
    const plain = readJsonl(file).map((d) => `${d.question}\n${d.answer}\n`).join("");
    r.index_part = r.index.gzip - gz(Buffer.from(plain));
  }
  return r;
}

/** The widget's files as the loader fetches them: a dist built with --widget, less the bundle,
 * the manifest (inlined into the loader) and the type declarations. */
function ourCode(tmp, file) {
  const dist = join(tmp, "sa-code");
  execFileSync(CLI, ["build", file, "--out", dist, "--widget", WIDGET], { stdio: "ignore" });
  const files = readdirSync(dist).filter((f) => !/^bundle\.|^manifest\.json$|\.d\.ts$/.test(f)).sort();
  return { ...fileBytes(files.map((f) => join(dist, f))), parts: files.map((file) => ({ file, ...fileBytes([join(dist, file)]) })) };
}

function datasets(tmp) {
  const out = [];
  const sf = stackfaq("scale");
  if (sf) out.push({ name: "stackfaq", file: sf, entries: readJsonl(sf).length });
  for (const n of [...SIZES, ...OURS_ONLY]) {
    const file = join(tmp, `synth-${n}.jsonl`);
    synth(n, file);
    out.push({ name: `synth-${n}`, file, entries: n, oursOnly: OURS_ONLY.includes(n) });
  }
  return out;
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), "sa-scale-"));
  const sets = datasets(tmp);
  const { parts: widget, ...ours } = ourCode(tmp, sets[0].file);
  const code = { "shop-answers": ours };
  for (const name of Object.keys(LIBS)) code[name] = fileBytes(libFiles(name).map((f) => join(ROOT, "node_modules", LIBS[name].dir, f)));
  const rows = [];
  const failedAt = {}; // engine/variant → the synthetic size it could not do
  for (const ds of sets) {
    for (const [engine, variant] of measuredIndexes()) {
      if (ds.oursOnly && engine !== "shop-answers") continue;
      const key = `${engine}/${variant}`;
      const row = { engine, variant, dataset: ds.name, entries: ds.entries };
      rows.push(row);
      if (failedAt[key] && ds.name.startsWith("synth-")) {
        row.error = `not tried: ${failedAt[key]} at ${fmt(failedAt[key + "#n"])} entries`;
        continue;
      }
      const results = [];
      const started = performance.now();
      for (let run = 0; run < RUNS; run++) {
        const out = join(tmp, `out-${engine}-${variant}-${ds.name}`);
        const sizes = run === 0 && !ds.oursOnly;
        const r = engine === "shop-answers" ? runOurs(ds.file, out, sizes) : runChild({ engine, variant, file: ds.file, out, sizes });
        rmSync(out, { recursive: true, force: true });
        if (r.error) { row.error = r.error; break; }
        results.push(r);
        if (r.build_ms > REPEAT_UNDER_MS) break;
      }
      if (row.error) {
        console.log(`[scale] ${ds.name} ${key}: ${row.error}`);
        if (ds.name.startsWith("synth-")) { failedAt[key] = row.error; failedAt[key + "#n"] = ds.entries; }
        if (!results.length) continue;
      }
      const first = results[0];
      row.runs = results.length;
      row.build_ms = summary(results.map((r) => r.build_ms));
      row.peak_rss_mb = summary(results.map((r) => r.peak_rss_mb));
      if (first.docs_rss_mb != null) row.docs_rss_mb = Math.round(first.docs_rss_mb);
      if (first.load_ms != null) row.load_ms = +first.load_ms.toFixed(1);
      if (first.load_same != null) row.load_same = first.load_same;
      if (first.index) {
        row.code = first.code || code[engine];
        row.index = first.index;
        row.texts = first.texts || null;
        if (first.index_part != null) row.index_part = first.index_part;
        const parts = [row.code, row.index, row.texts].filter(Boolean);
        row.total = { raw: parts.reduce((s, p) => s + p.raw, 0), gzip: parts.reduce((s, p) => s + p.gzip, 0) };
        // Pagefind fetches its index in pieces on demand: the page's requests are in the Chromium table.
        row.requests = engine === "pagefind" ? null : row.code.files + 1 + (row.texts ? 1 : 0);
      }
      if (row.load_same === false) console.log(`[scale] ${ds.name} ${key}: the loaded index answers differently from the built one`);
      progress("scale", `${ds.name} ${key}: build ${fmt(row.build_ms.median, 0)} ms, peak ${fmt(row.peak_rss_mb.median, 0)} MB${row.total ? `, ${fmt(row.total.gzip)} B gzip` : ""} (${fmt((performance.now() - started) / 1000, 1)} s)`);
    }
  }
  console.log(scaleTables(rows));
  mergeResults("scale", { rows, widget, runs: RUNS, timeout_s: TIMEOUT_S, heap_mb: HEAP_MB });
  if (SMOKE) {
    for (const r of rows) if (r.error || !(r.build_ms?.median >= 0) || !(r.total?.gzip > 0) || r.load_same === false) throw new Error(`scale: no figures for ${r.engine} (${r.error || "missing"})`);
    console.log(`[scale] smoke: ${rows.length} rows, harness OK`);
  }
}

// ---- tables -------------------------------------------------------------------------------------
const label = (r) => (r.variant === "default" ? r.engine : `${r.engine} (${r.variant})`);
const setsOf = (rows) => [...new Set(rows.map((r) => r.dataset))];
const setLabel = (rows, ds) => (ds === "stackfaq" ? `StackFAQ (${rows.find((r) => r.dataset === ds).entries})` : fmt(rows.find((r) => r.dataset === ds).entries));

/** One row per engine, one column per dataset: `cell(row, MiniSearch's row)` or the error. */
function grid(rows, sets, cell) {
  const engines = [...new Set(rows.map(label))];
  return table(["engine", ...sets.map((ds) => setLabel(rows, ds))], engines.map((e) => [e, ...sets.map((ds) => {
    const r = rows.find((x) => label(x) === e && x.dataset === ds);
    const ms = rows.find((x) => x.engine === "minisearch" && x.dataset === ds);
    if (!r) return "";
    return r.error && !r.runs ? r.error : cell(r, ms);
  })]), 1);
}

const rel = (a, b) => (a != null && b ? `, ${ratio(a, b)}` : "");
const spread = (s, d = 0) => (s ? `${fmt(s.median, d)}${s.runs.length > 1 ? ` (${fmt(s.min, d)}–${fmt(s.max, d)})` : ""}` : "–");

export function scaleTables(rows) {
  const sized = setsOf(rows).filter((ds) => rows.some((r) => r.dataset === ds && r.total));
  const all = setsOf(rows);
  const out = [];
  out.push("##### Bytes a shopper downloads: code + index (+ texts), gzip (÷ MiniSearch)\n");
  out.push(grid(rows, sized, (r, ms) => (r.total ? `${fmt(r.total.gzip)} (${ratio(r.total.gzip, ms?.total?.gzip)})` : "–")));
  out.push("\n##### The same, raw bytes (÷ MiniSearch)\n");
  out.push(grid(rows, sized, (r, ms) => (r.total ? `${fmt(r.total.raw)} (${ratio(r.total.raw, ms?.total?.raw)})` : "–")));
  out.push("\n##### Parts and requests (gzip bytes; raw where noted)\n");
  out.push(table(["engine", "entries", "requests", "code", "index", "texts", "index raw", "total raw", "total gzip"], rows.filter((r) => r.total).map((r) => [
    label(r), setLabel(rows, r.dataset), r.requests == null ? "on demand" : fmt(r.requests), fmt(r.code.gzip), fmt(r.index.gzip),
    r.texts ? fmt(r.texts.gzip) : r.engine === "shop-answers" || r.engine === "orama" ? "in index" : "in fragments", fmt(r.index.raw), fmt(r.total.raw), fmt(r.total.gzip),
  ]), 2));
  out.push("\n##### Our index part against MiniSearch's index, gzip: bundle less the gzip of its question and answer texts (target ≤ 0.5×)\n");
  out.push(table(["entries", "bundle", "index part", "MiniSearch index", "ratio"], rows.filter((r) => r.index_part != null).map((r) => {
    const ms = rows.find((x) => x.engine === "minisearch" && x.variant === "default" && x.dataset === r.dataset);
    return [setLabel(rows, r.dataset), fmt(r.index.gzip), fmt(r.index_part), ms?.index ? fmt(ms.index.gzip) : "–", ms?.index ? (r.index_part / ms.index.gzip).toFixed(3) : "–"];
  }), 1));
  out.push("\n##### Index build time, ms: median of runs (min–max)\n");
  out.push(grid(rows, all, (r, ms) => `${spread(r.build_ms)}${rel(r.build_ms?.median, ms?.build_ms?.median)}`));
  out.push("\n##### Peak memory (RSS) of the build process, MB: median of runs\n");
  out.push(grid(rows, all, (r, ms) => `${fmt(r.peak_rss_mb?.median, 0)}${rel(r.peak_rss_mb?.median, ms?.peak_rss_mb?.median)}`));
  const loads = rows.filter((r) => r.load_ms != null);
  if (loads.length) {
    out.push(`\n##### Loading the serialized index in Node, ms (one run; ✓ = answers five questions as the built index does, checked up to ${fmt(CHECK_UP_TO)} entries)\n`);
    out.push(grid(loads, setsOf(loads), (r) => `${fmt(r.load_ms, 1)}${r.load_same == null ? "" : r.load_same ? " ✓" : " ✗ differs"}`));
  }
  out.push("");
  return out.join("\n");
}

if (process.argv[2] === "--child") {
  process.stdout.write(JSON.stringify(await child(JSON.parse(process.argv[3]))) + "\n");
} else if (isMain(import.meta)) {
  await main();
}
