// Writes every generated part of bench/RESULTS.md (and the headline table in README.md) from
// results.json, and the SVG plots beside it. A generated part stands between
// `<!-- generated: NAME -->` and `<!-- end: NAME -->`; the prose around them is left as it is.
//   node bench/report.mjs                  # bench/results.json → bench/RESULTS.md, README.md, bench/*.svg
//   BENCH_SMOKE=1 node bench/report.mjs    # the same under target/bench-smoke/, from copies
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT, ROOT, SMOKE, datasetName, fmt, mergeResults, ratio, readResults, table } from "./common.mjs";
import { nodeTables } from "./peers.mjs";
import { browserTables, queryBase } from "./browser.mjs";
import { scaleTables } from "./scale.mjs";
import * as plot from "./plots.mjs";

const synthSets = (rows) => [...new Set(rows.filter((r) => r.dataset.startsWith("synth-")).map((r) => r.dataset))];
const entriesOf = (ds) => +ds.slice("synth-".length);
const label = (r) => (r.variant === "default" ? r.engine : `${r.engine} (${r.variant})`);

// ---- the generated parts ------------------------------------------------------------------------
function machine(R) {
  const v = R.versions;
  if (!v) return "(not run)";
  const m = v.machine;
  const pkgs = Object.entries(v.packages).map(([k, x]) => `${k} ${x}`).join(", ");
  const dates = ["native", "scale", "node", "browser", "first_answer", "size_floor"].filter((k) => R[k]).map((k) => `${k} ${R[k].date.slice(0, 16).replace("T", " ")} UTC`).join(", ");
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, ${m.os}; ${v.node ? `Node ${v.node}` : ""}, ${v.rustc ?? "rustc –"}, ${v.chromium ?? "Chromium –"}; ${v["shop-answers"] ?? "shop-answers"}.`,
    `Packages: ${pkgs}.`,
    `Runs: ${dates}.${R.wall ? ` \`make bench\` took ${Math.floor(R.wall.seconds / 60)} min ${R.wall.seconds % 60} s in all (setup and builds included).` : ""}`,
  ].join("\n");
}

function headline(R) {
  const rows = [];
  const n = R.node?.rows ?? [], s = R.scale?.rows ?? [], b = R.browser?.rows ?? [];
  for (const q of ["dev", "dev-typo"]) {
    const at = (engine, variant) => n.find((r) => r.dataset === "stackfaq" && r.engine === engine && r.variant === variant)?.relevance[q];
    const [ours, ex, fz] = [at("shop-answers", "default"), at("minisearch", "exact"), at("minisearch", "fuzzy")];
    if (ours && ex && fz) {
      rows.push([`StackFAQ ${q === "dev" ? "dev queries" : "dev queries with a typo each"}, MRR@10 (${fmt(ours.queries)} queries; MiniSearch default / fuzzy)`,
        fmt(ours.mrr10, 3), `${fmt(ex.mrr10, 3)} / ${fmt(fz.mrr10, 3)}`, `${ratio(ours.mrr10, ex.mrr10)} / ${ratio(ours.mrr10, fz.mrr10)}`]);
    }
  }
  const both = synthSets(s).filter((ds) => ["shop-answers", "minisearch"].every((e) => s.find((r) => r.dataset === ds && r.engine === e)?.total));
  // From 1k entries up where the run went that far (the smoke run has only 100).
  const sized = both.some((ds) => entriesOf(ds) >= 1000) ? both.filter((ds) => entriesOf(ds) >= 1000) : both;
  const pair = (ds, e) => s.find((r) => r.dataset === ds && r.engine === e);
  const triple = (name, unit, get, d = 0) => {
    const ok = sized.filter((ds) => get(pair(ds, "shop-answers")) != null && get(pair(ds, "minisearch")) != null);
    if (ok.length) {
      rows.push([`${name} at ${ok.map((ds) => plot.count(entriesOf(ds))).join(" / ")} entries${unit}`,
        ok.map((ds) => fmt(get(pair(ds, "shop-answers")), d)).join(" / "), ok.map((ds) => fmt(get(pair(ds, "minisearch")), d)).join(" / "),
        ok.map((ds) => ratio(get(pair(ds, "shop-answers")), get(pair(ds, "minisearch")))).join(" / ")]);
    }
  };
  triple("Bytes a shopper downloads, gzip (widget + bundle; library + index + texts),", "", (r) => r?.total?.gzip);
  triple("Index build time, ms (our CLI; MiniSearch in Node),", "", (r) => r?.build_ms?.median);
  triple("Peak memory of the build, MB,", "", (r) => r?.peak_rss_mb?.median);
  for (const ds of [...new Set(b.map((r) => r.dataset))]) {
    const rs = b.filter((r) => r.dataset === ds);
    const [ours, ms, empty] = [rs.find((r) => r.engine === "shop-answers"), rs.find((r) => r.engine === "minisearch" && r.mode === "load"), rs.find((r) => r.engine === "empty")];
    if (ours && ms) {
      rows.push([`Time to first answer in Chromium, ${datasetName(ds)}, cold / warm cache, ms (MiniSearch: prebuilt index fetched${empty ? `; an empty page: ${fmt(empty.ttfa_cold_ms.median, 1)} / ${fmt(empty.ttfa_warm_ms.median, 1)}` : ""})`,
        `${fmt(ours.ttfa_cold_ms.median, 1)} / ${fmt(ours.ttfa_warm_ms.median, 1)}`, `${fmt(ms.ttfa_cold_ms.median, 1)} / ${fmt(ms.ttfa_warm_ms.median, 1)}`,
        `${ratio(ours.ttfa_cold_ms.median, ms.ttfa_cold_ms.median)} / ${ratio(ours.ttfa_warm_ms.median, ms.ttfa_warm_ms.median)}`]);
    }
    const qb = queryBase(rs);
    if (ours?.latency_us && qb) {
      const [o, m] = [ours.latency_us.all, qb.latency_us.all];
      rows.push([`Query latency in Chromium, ${datasetName(ds)}, all kinds, p50 / p95, µs (MiniSearch fuzzy)`, `${fmt(o.p50, 1)} / ${fmt(o.p95, 1)}`, `${fmt(m.p50, 1)} / ${fmt(m.p95, 1)}`, `${ratio(o.p50, m.p50)} / ${ratio(o.p95, m.p95)}`]);
    }
  }
  if (!rows.length) return "(not run)";
  return table(["", "shop-answers", "MiniSearch", "ratio"], rows, 1);
}

function nativeLatency(R) {
  const n = R.native?.search;
  if (!n) return "(not run: `node bench/native.mjs`)";
  return `Synthetic catalog of ${fmt(n.entries)} entries (bundle ${fmt(n.bundle_bytes)} bytes, ${fmt(n.terms)} terms); medians of ${n.latency_us[0].runs} timed passes' percentiles, and the spread of the passes' p50:\n\n` +
    table(["query kind", "queries", "p50 µs", "p95 µs", "p99 µs", "p50 min–max", "hit@1"], n.latency_us.map((r) => [
      r.kind, fmt(r.queries), fmt(r.p50, 1), fmt(r.p95, 1), fmt(r.p99, 1), `${fmt(r.p50_min, 1)}–${fmt(r.p50_max, 1)}`, r.hit1 == null ? "" : fmt(r.hit1, 3),
    ]), 1);
}

function nativeOpening(R) {
  const rows = R.native?.search?.opening;
  if (!rows) return "(not run: `node bench/native.mjs`)";
  return table(["entries", "bundle bytes", "open ms", "min–max", "without the index, ms", "min–max"], rows.map((r) => [
    fmt(r.entries), fmt(r.bundle_bytes), fmt(r.open_ms, 2), `${fmt(r.open_ms_min, 2)}–${fmt(r.open_ms_max, 2)}`,
    r.deferred_open_ms == null ? "–" : fmt(r.deferred_open_ms, 2),
    r.deferred_open_ms == null ? "–" : `${fmt(r.deferred_open_ms_min, 2)}–${fmt(r.deferred_open_ms_max, 2)}`,
  ]), 0);
}

function nativeRelevance(R) {
  const rows = R.native?.search?.stackfaq;
  if (!rows) return R.native ? "(skipped: ../shared/data/stackfaq not found)" : "(not run: `node bench/native.mjs`)";
  const [clean, typo] = rows;
  return table(["queries", "hit@1", "hit@5", "MRR@10"], [
    [`dev (${fmt(clean.n)})`, fmt(clean.hit1, 3), fmt(clean.hit5, 3), fmt(clean.mrr10, 3)],
    [`dev, one typo per query (${fmt(typo.n)})`, fmt(typo.hit1, 3), fmt(typo.hit5, 3), fmt(typo.mrr10, 3)],
  ], 1) + `\n\nTypo variant / clean: hit@1 ${ratio(typo.hit1, clean.hit1)}, MRR@10 ${ratio(typo.mrr10, clean.mrr10)}.`;
}

function nativeContext(R) {
  const c = R.native?.context;
  if (!c) return "(not run: `node bench/native.mjs`)";
  return `**read ${fmt(c.read_ms_per_100kb, 2)} ms + classify ${fmt(c.classify_ms_per_100kb, 3)} ms per 100 KB** (mean over ${c.pages} pages, each the median of ${c.rounds} rounds)`;
}

function widget(R) {
  const w = R.scale?.widget;
  if (!w) return "(not run: `node bench/scale.mjs`)";
  const what = (f) => (f.endsWith(".wasm") ? "the widget (wasm)" : f === "shop-answers.js" ? "the loader" : f.endsWith(".css") ? "stylesheet" : "wasm-bindgen glue");
  const t = table(["file", "what", "raw", "gzip"], [...w.map((f) => [`\`${f.file}\``, what(f.file), fmt(f.raw), fmt(f.gzip)]),
    ["all", "", fmt(w.reduce((s, f) => s + f.raw, 0)), fmt(w.reduce((s, f) => s + f.gzip, 0))]], 2);
  const sf = R.size_floor;
  if (!sf) return t;
  const line = (p) => `${p.loader ? `loader ${fmt(p.loader.gzip)} + ` : ""}glue ${fmt(p.glue.gzip)} + wasm ${fmt(p.wasm.gzip)} = **${fmt(p.total.gzip)} B**`;
  const search = sf.search ? `; the interactive module, fetched on intent or when the page is idle, ${line(sf.search)}; all widget code ${fmt(sf.all.gzip)} B (target ≤ 143,360 B)` : "";
  return `${t}\n\nThe critical path as the issue counts it (loader + first-paint module's glue + wasm, gzip: all a page downloads before its first contextual answer; target ≤ 61,440 B), beside its floor (\`node bench/size-floor.mjs\`: ` +
    `bench/size-floor/, the same dependency stack with each crate used once, built the same way): ` +
    `${line(sf.widget)}${search}; floor ${line(sf.floor)}; the critical path's own code and data ${fmt(sf.widget.total.gzip - sf.floor.total.gzip)} B, ` +
    `${(sf.widget.total.gzip / sf.floor.total.gzip).toFixed(2)}× the floor.`;
}

function firstAnswer(R) {
  const f = R.first_answer;
  if (!f) return "(not run: `node bench/first-answer.mjs`)";
  const one = (s) => `median ${fmt(s.median, 1)} ms (min ${fmt(s.min, 1)}, max ${fmt(s.max, 1)})`;
  const line = `${fmt(f.entries)} entries, ${f.loads} loads each: **cold cache ${one(f.cold_ms)}**, **warm cache ${one(f.warm_ms)}**.`;
  if (!f.floor_cold_ms) return line;
  return `${line}\n\nThe floor, the same page whose script only fetches the same bundle and inserts a block in the same place, ` +
    `each load paired with one of the widget's: cold cache ${one(f.floor_cold_ms)}, warm cache ${one(f.floor_warm_ms)}. ` +
    `**The widget's own cost over the floor**, median of the pairs: **cold ${fmt(f.over_floor_cold_ms.median, 1)} ms, warm ${fmt(f.over_floor_warm_ms.median, 1)} ms**.` +
    (f.wasm_floor_cold_ms ? `\n\nThe wasm floor, bench/size-floor/ (the widget's dependency stack, each crate used once) loaded the way the loader ` +
      `loads the widget, its module inserting the block once the page is parsed: cold cache ${one(f.wasm_floor_cold_ms)}, warm cache ${one(f.wasm_floor_warm_ms)}; ` +
      `the widget over it, median of the pairs: cold ${fmt(f.over_wasm_floor_cold_ms.median, 1)} ms, warm ${fmt(f.over_wasm_floor_warm_ms.median, 1)} ms.` : "") +
    (f.longest_task_cold_ms ? `\n\nThe longest main-thread task per load (Long Tasks API, from navigation to 300 ms after the block; 0 when none reaches 50 ms), ` +
      `median (max): widget cold ${fmt(f.longest_task_cold_ms.widget.median, 1)} (${fmt(f.longest_task_cold_ms.widget.max, 1)}) ms, warm ${fmt(f.longest_task_warm_ms.widget.median, 1)} (${fmt(f.longest_task_warm_ms.widget.max, 1)}) ms; ` +
      `floor cold ${fmt(f.longest_task_cold_ms.floor.median, 1)} (${fmt(f.longest_task_cold_ms.floor.max, 1)}) ms, warm ${fmt(f.longest_task_warm_ms.floor.median, 1)} (${fmt(f.longest_task_warm_ms.floor.max, 1)}) ms.` : "");
}

const PLOTS = [
  ["plot-bytes.svg", "Bytes a shopper downloads (gzip) against catalog size"],
  ["plot-build.svg", "Index build time against catalog size"],
  ["plot-memory.svg", "Peak memory of the build against catalog size"],
  ["plot-latency.svg", "Warm query latency in Chromium by query kind"],
  ["plot-first-answer.svg", "Time to first answer in Chromium"],
];
const plotLinks = () => PLOTS.map(([f, t]) => `![${t}](${f})`).join("\n\n");

// ---- plots ------------------------------------------------------------------------------------
function plots(R) {
  const out = {};
  const s = R.scale?.rows ?? [];
  const sets = synthSets(s);
  const indexes = s.filter((r, i) => s.findIndex((x) => label(x) === label(r)) === i);
  const series = (get) => indexes.map((ix) => ({
    name: label(ix), color: plot.colorOf(ix.engine), dash: ix.variant === "fuzzy",
    points: sets.map((ds) => [entriesOf(ds), get(s.find((r) => label(r) === label(ix) && r.dataset === ds))]).filter((p) => p[1] > 0),
  })).filter((x) => x.points.length);
  if (sets.length) {
    out["plot-bytes.svg"] = plot.lineChart({ title: "Bytes a shopper downloads: code + index (+ texts), gzip", xLabel: "entries (synthetic catalog)", yLabel: "bytes, gzip", series: series((r) => r?.total?.gzip), fx: plot.count, fy: plot.bytes });
    out["plot-build.svg"] = plot.lineChart({ title: "Index build time (median of runs)", xLabel: "entries (synthetic catalog)", yLabel: "build time", series: series((r) => r?.build_ms?.median), fx: plot.count, fy: plot.ms });
    out["plot-memory.svg"] = plot.lineChart({ title: "Peak memory (RSS) of the build process", xLabel: "entries (synthetic catalog)", yLabel: "peak RSS", series: series((r) => r?.peak_rss_mb?.median), fx: plot.count, fy: plot.mb });
  }
  const b = R.browser?.rows ?? [];
  const ds = synthSets(b)[0];
  if (ds) {
    const rs = b.filter((r) => r.dataset === ds);
    const timed = rs.filter((r) => r.latency_us);
    if (timed.length) {
      const kinds = [...Object.keys(timed[0].latency_us).filter((k) => k !== "all"), "all"];
      out["plot-latency.svg"] = plot.barChart({
        title: `Warm query latency in Chromium, ${datasetName(ds)}: p50 (bar) to p95 (line)`, yLabel: "µs per query", series: timed.map((r) => ({ name: r.engine, color: plot.colorOf(r.engine) })),
        groups: kinds.map((k) => ({ name: k, values: timed.map((r) => r.latency_us[k]?.p50) })), whiskers: kinds.map((k) => timed.map((r) => r.latency_us[k]?.p95)), fy: plot.us,
      });
    }
    const pages = rs.filter((r) => r.ttfa_cold_ms);
    const name = (r) => (r.engine === "empty" ? "empty page" : `${r.engine}${r.mode === "build" ? " (built in page)" : r.mode === "load" && r.engine !== "shop-answers" && r.engine !== "pagefind" ? " (prebuilt)" : ""}`);
    out["plot-first-answer.svg"] = plot.barChart({
      title: `Time to first answer in Chromium, ${datasetName(ds)}, from navigation start (median)`, yLabel: "ms", linear: true,
      series: pages.map((r) => ({ name: name(r), color: plot.colorOf(r.engine), dash: r.mode === "build" })),
      groups: [{ name: "cold cache", values: pages.map((r) => r.ttfa_cold_ms.median) }, { name: "warm cache", values: pages.map((r) => r.ttfa_warm_ms.median) }], fy: plot.ms,
    });
  }
  return out;
}

// ---- writing ----------------------------------------------------------------------------------
function fill(md, parts, path) {
  for (const [name, body] of Object.entries(parts)) {
    const begin = `<!-- generated: ${name} -->`, end = `<!-- end: ${name} -->`;
    const a = md.indexOf(begin), b = md.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${path}: no ${begin} … ${end} block`);
    md = md.slice(0, a + begin.length) + `\n${body}\n` + md.slice(b);
  }
  return md;
}

function main() {
  mkdirSync(OUT, { recursive: true });
  // The smoke run works on copies so that the committed files keep the full run's figures.
  const results = join(OUT, "RESULTS.md"), readme = join(OUT, SMOKE ? "README.md" : "../README.md");
  if (SMOKE) { copyFileSync(join(ROOT, "bench/RESULTS.md"), results); copyFileSync(join(ROOT, "README.md"), readme); }
  // `make bench` passes its start time: the wall time of the whole run is recorded with it.
  if (process.env.BENCH_STARTED) mergeResults("wall", { seconds: Math.round(Date.now() / 1000 - +process.env.BENCH_STARTED) });
  const R = readResults();
  const head = headline(R);
  const parts = {
    machine: machine(R), headline: head, "native-latency": nativeLatency(R), "native-opening": nativeOpening(R), "native-relevance": nativeRelevance(R), "native-context": nativeContext(R),
    widget: widget(R), "first-answer": firstAnswer(R), plots: plotLinks(),
    scale: R.scale ? scaleTables(R.scale.rows) : "(not run: `node bench/scale.mjs`)",
    node: R.node ? nodeTables(R.node.rows) : "(not run: `node bench/peers.mjs`)",
    browser: R.browser ? browserTables(R.browser.rows) : "(not run: `node bench/browser.mjs`)",
  };
  writeFileSync(results, fill(readFileSync(results, "utf8"), parts, results));
  writeFileSync(readme, fill(readFileSync(readme, "utf8"), { headline: head }, readme));
  for (const [f, svg] of Object.entries(plots(R))) writeFileSync(join(OUT, f), svg);
  console.log(`Headline (shop-answers against MiniSearch, same run):\n\n${head}\n`);
  console.log(`${results}, ${readme} and ${PLOTS.filter(([f]) => existsSync(join(OUT, f))).length} plots written from ${join(OUT, "results.json")}`);
}

main();
