// What the side-by-side benchmark scripts share: paths, the CLI, the synthetic catalogs, the
// library files a page loads, statistics over repeated runs, Markdown tables and results.json.
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { ENGINES } from "./engines.mjs";

export const ROOT = new URL("../", import.meta.url).pathname;
export const SMOKE = !!process.env.BENCH_SMOKE;
// A full run writes the committed bench/results.json, RESULTS.md and plots; the smoke run (part
// of `make test`) writes the same files under target/bench-smoke/, never the committed ones.
export const OUT = SMOKE ? join(ROOT, "target/bench-smoke") : join(ROOT, "bench");
// The smoke run uses the debug CLI that `make cli` builds; the full run the release one
// (size-tuned, as shipped). Either falls back to the other when only that one exists.
const CLIS = ["target/release/shop-answers", "target/debug/shop-answers"].map((p) => join(ROOT, p));
if (SMOKE) CLIS.reverse();
export const CLI = process.env.SHOP_ANSWERS_CLI || CLIS.find((p) => existsSync(p)) || CLIS[0];
export const STACKFAQ = join(ROOT, "../shared/data/stackfaq");
export const WIDGET = join(ROOT, "target/widget");
const require = createRequire(import.meta.url);

/** Bytes on the wire with gzip at zlib's default level 6, what web servers commonly use (-9 saves
 * well under 1 % here and takes minutes on the largest peer indexes); data that is gzip already
 * (Pagefind's index files) goes as it is. */
export const gz = (buf) => (buf[0] === 0x1f && buf[1] === 0x8b ? buf.length : gzipSync(buf, { level: 6 }).length);
export const readJsonl = (p) => readFileSync(p, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
export const r3 = (x) => +x.toFixed(3);
/** The p-quantile of an ascending array (nearest rank). */
const pct = (sorted, p) => sorted[Math.round((sorted.length - 1) * p)];
export const progress = (tag, msg) => process.stderr.write(`[${tag}] ${msg}\n`);
/** A dataset's name for tables and plots: "StackFAQ", "synthetic 1k". */
export const datasetName = (ds) => (ds === "stackfaq" ? "StackFAQ" : ds.replace(/^synth-(\d+)$/, (_, n) => `synthetic ${+n >= 1e6 ? `${n / 1e6}M` : +n >= 1e3 ? `${n / 1e3}k` : n}`));

export async function loadLib(name) {
  if (name === "lunr") return require("lunr");
  const m = await import(ENGINES[name].pkg);
  if (name === "orama") return m;
  return m.default ?? m;
}

/** `shop-answers synth`: a catalog of n entries into `file`; with `queries`, `count` queries there. */
export function synth(n, file, queries, count) {
  const args = ["synth", "--entries", String(n)];
  if (queries) args.push("--queries", queries, "--query-count", String(count));
  const fd = openSync(file, "w");
  try { execFileSync(CLI, args, { stdio: ["ignore", fd, "inherit"] }); } finally { closeSync(fd); }
}

/** The StackFAQ documents, or null (with the reason printed) when ../shared is not there. */
export function stackfaq(script) {
  if (existsSync(join(STACKFAQ, "faqs.jsonl"))) return join(STACKFAQ, "faqs.jsonl");
  console.log(`[${script}] stackfaq: skipped (${STACKFAQ}/faqs.jsonl not found)`);
  return null;
}

// ---- what a page loads ---------------------------------------------------------------------
// Each peer's browser build in node_modules: `entry` is what the page loads; an ES module entry
// pulls in its imports, a UMD file sets a global.
export const LIBS = {
  minisearch: { dir: "minisearch/dist/es", entry: "index.js", kind: "esm" },
  lunr: { dir: "lunr", entry: "lunr.min.js", kind: "umd", global: "lunr" },
  flexsearch: { dir: "flexsearch/dist", entry: "flexsearch.bundle.module.min.mjs", kind: "esm-default" },
  fuse: { dir: "fuse.js/dist", entry: "fuse.min.mjs", kind: "esm-default" },
  orama: { dir: "@orama/orama/dist/browser", entry: "index.js", kind: "esm" },
};

/** The files (relative to LIBS[name].dir) a page fetches for a library: the entry and every
 * module it imports, followed statically (the packages use plain relative specifiers). */
export function libFiles(name) {
  const base = join(ROOT, "node_modules", LIBS[name].dir);
  const seen = new Set();
  const todo = [LIBS[name].entry];
  while (todo.length) {
    const rel = todo.pop();
    if (seen.has(rel)) continue;
    seen.add(rel);
    if (LIBS[name].kind === "umd") continue;
    const src = readFileSync(join(base, rel), "utf8");
    for (const m of src.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) todo.push(normalize(join(dirname(rel), m[1])));
  }
  return [...seen].sort();
}

/** Bytes and count of a list of files: { files, raw, gzip }. */
export function fileBytes(paths) {
  let raw = 0, gzip = 0;
  for (const p of paths) { const b = readFileSync(p); raw += b.length; gzip += gz(b); }
  return { files: paths.length, raw, gzip };
}

// ---- repeated runs -------------------------------------------------------------------------
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A timing over repeated runs: the median, and the spread as every run's value. */
export function summary(xs) {
  const v = xs.filter((x) => Number.isFinite(x));
  if (!v.length) return null;
  return { median: r3(median(v)), min: r3(Math.min(...v)), max: r3(Math.max(...v)), runs: v.map(r3) };
}

/** Query latency (µs) over repeated runs: each run's p50 / p95 / p99, their medians, the p50
 * spread, and how many queries were timed in all. */
export function latencySummary(runs) {
  const per = runs.filter((r) => r.length).map((r) => {
    const s = [...r].sort((a, b) => a - b);
    return { p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99) };
  });
  if (!per.length) return null;
  const p50s = per.map((p) => p.p50);
  return {
    n: runs.reduce((s, r) => s + r.length, 0), runs: per.length,
    p50: r3(median(p50s)), p95: r3(median(per.map((p) => p.p95))), p99: r3(median(per.map((p) => p.p99))),
    p50_min: r3(Math.min(...p50s)), p50_max: r3(Math.max(...p50s)),
  };
}

/** hit@1, hit@5 and MRR@10 of ranked id lists against the wanted ids. */
export function relevance(ranked, want) {
  let h1 = 0, h5 = 0, mrr = 0;
  ranked.forEach((ids, i) => {
    const r = ids.indexOf(want[i]) + 1;
    if (r === 1) h1++;
    if (r >= 1 && r <= 5) h5++;
    if (r >= 1 && r <= 10) mrr += 1 / r;
  });
  const n = ranked.length || 1;
  return { queries: ranked.length, hit1: r3(h1 / n), hit5: r3(h5 / n), mrr10: r3(mrr / n) };
}

// ---- tables --------------------------------------------------------------------------------
export const fmt = (x, d = 0) => (x == null ? "–" : typeof x === "number" ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));
export const ratio = (a, b) => (a == null || b == null || !b ? "–" : (a / b).toFixed(2) + "×");
/** A Markdown table; the first `left` columns are text, the rest numbers (right-aligned). */
export function table(head, rows, left = 2) {
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < left ? "---" : "---:")).join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
}

// ---- results.json --------------------------------------------------------------------------
const pkgVersion = (p) => { try { return JSON.parse(readFileSync(join(ROOT, "node_modules", p, "package.json"))).version; } catch { return null; } };
const firstLine = (cmd, args) => { try { return execFileSync(cmd, args, { stdio: ["ignore", "pipe", "ignore"] }).toString().split("\n")[0].trim(); } catch { return null; } };

/** The machine and the versions of everything measured. */
export function versions() {
  const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
  const v = {
    machine: { cpu: cpu ? cpu[1] : os.arch(), cores: os.cpus().length, memory_gib: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}` },
    node: process.version,
    rustc: firstLine("rustc", ["--version"]),
    chromium: firstLine(process.env.CHROMIUM || "/usr/bin/chromium", ["--version"]),
    "shop-answers": firstLine(CLI, ["--version"]),
    packages: {},
  };
  for (const e of Object.values(ENGINES)) v.packages[e.pkg] = pkgVersion(e.pkg);
  for (const p of ["pagefind", "playwright-core"]) v.packages[p] = pkgVersion(p);
  return v;
}

const resultsPath = () => join(OUT, "results.json");
export function readResults() {
  try { return JSON.parse(readFileSync(resultsPath(), "utf8")); } catch { return {}; }
}

/** Stores one script's figures under `key` in results.json, next to the other scripts'. */
export function mergeResults(key, value) {
  mkdirSync(OUT, { recursive: true });
  const all = readResults();
  all[key] = { ...value, date: new Date().toISOString() };
  all.versions = versions();
  writeFileSync(resultsPath(), JSON.stringify(all, null, 1) + "\n");
  return all;
}

/** Runs `main` when the module is the script node was started with. */
export function isMain(meta) {
  return process.argv[1] && meta.url.endsWith(process.argv[1].split("/").pop());
}
