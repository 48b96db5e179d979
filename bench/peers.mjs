// Relevance and query latency in Node: shop-answers against the search libraries a shop
// developer would pick instead (bench/engines.mjs), on the same documents in the same run.
//   node bench/peers.mjs                 # StackFAQ (when ../shared/data/stackfaq is there) + synthetic 1k, 10k
//   BENCH_SMOKE=1 node bench/peers.mjs   # 100 entries, 20 queries, MiniSearch + lunr: checks the harness
// Writes results.json key "node" and prints tables with absolute figures and ratios to
// MiniSearch. Index sizes, build time and memory are bench/scale.mjs's. Never fails on timing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINES } from "./engines.mjs";
import { CLI, SMOKE, STACKFAQ, datasetName, fmt, isMain, latencySummary, loadLib, mergeResults, progress, ratio, readJsonl, relevance, r3, stackfaq, synth, table } from "./common.mjs";

export const PEERS = SMOKE ? ["minisearch", "lunr"] : Object.keys(ENGINES);
// Fuse.js scans every document per query: the full query sets on 10k entries would take many
// minutes, so relevance runs over the queries in order for at most this long and a partial set
// is reported with its size.
const RELEVANCE_BUDGET_S = +(process.env.BENCH_RELEVANCE_BUDGET_S || (SMOKE ? 5 : 15));
// Warm latency: timed passes over the query set (the relevance pass warmed up), each for at most
// this long once it has timed 10 queries; figures are the median of the passes' percentiles.
const LATENCY_PASSES = 3;
const PASS_BUDGET_MS = SMOKE ? 100 : 1500;

/** Datasets: {name, docs file, query sets [{name, file}]}; synthetic ones generated here. */
function datasets(tmp) {
  const out = [];
  const sf = stackfaq("peers");
  if (sf) {
    out.push({
      name: "stackfaq", file: sf,
      queries: [{ name: "dev", file: join(STACKFAQ, "queries-dev.jsonl") }, { name: "dev-typo", file: join(STACKFAQ, "queries-dev-typo.jsonl") }],
    });
  }
  for (const n of SMOKE ? [100] : [1000, 10000]) {
    const file = join(tmp, `synth-${n}.jsonl`), q = join(tmp, `synth-${n}-queries.jsonl`);
    synth(n, file, q, SMOKE ? 20 : 500);
    out.push({ name: `synth-${n}`, file, queries: [{ name: "synth", file: q }] });
  }
  if (SMOKE) for (const d of out) for (const q of d.queries) q.limit = 20;
  return out;
}

const queriesOf = (qs) => (qs.limit ? readJsonl(qs.file).slice(0, qs.limit) : readJsonl(qs.file));

async function measurePeer(name, ds) {
  const eng = ENGINES[name];
  const lib = await loadLib(name);
  const docs = readJsonl(ds.file);
  const rows = [];
  let idx = null;
  for (const variant of eng.variants) {
    if (!idx || eng.buildPerVariant) idx = await eng.build(lib, docs, variant);
    const row = { engine: name, variant, dataset: ds.name, entries: docs.length, relevance: {}, latency_us: {} };
    for (const qs of ds.queries) {
      const qrows = queriesOf(qs);
      const run = async (q) => eng.search(lib, idx, q, variant);
      const ranked = [];
      const t0 = performance.now();
      for (const q of qrows) {
        if (performance.now() - t0 > RELEVANCE_BUDGET_S * 1000) break;
        ranked.push(await run(q.query));
      }
      row.relevance[qs.name] = relevance(ranked, qrows.map((q) => q.faq_id));
      if (ranked.length < qrows.length) row.relevance[qs.name].of = qrows.length;
      const passes = [];
      for (let p = 0; p < LATENCY_PASSES; p++) {
        const times = [];
        const start = performance.now();
        for (const q of qrows) {
          if (times.length >= 10 && performance.now() - start > PASS_BUDGET_MS) break;
          const t = performance.now();
          await run(q.query);
          times.push((performance.now() - t) * 1000);
        }
        passes.push(times);
      }
      row.latency_us[qs.name] = latencySummary(passes);
    }
    rows.push(row);
  }
  return rows;
}

function measureOurs(ds, tmp) {
  const out = join(tmp, `ours-${ds.name}`);
  const stats = JSON.parse(execFileSync(CLI, ["build", ds.file, "--bundle-only", "--stats", "--out", out], { stdio: ["ignore", "pipe", "ignore"] }));
  const row = { engine: "shop-answers", variant: "default", dataset: ds.name, entries: stats.entries, relevance: {}, latency_us: {} };
  for (const qs of ds.queries) {
    let file = qs.file;
    if (qs.limit) { file = join(tmp, `q-${ds.name}-${qs.name}.jsonl`); writeFileSync(file, queriesOf(qs).map((q) => JSON.stringify(q)).join("\n") + "\n"); }
    const m = JSON.parse(execFileSync(CLI, ["eval", "--bundle", out, "--queries", file, "--json"]));
    row.relevance[qs.name] = { queries: m.queries, hit1: r3(m["hit@1"]), hit5: r3(m["hit@5"]), mrr10: r3(m["mrr@10"]) };
  }
  return row;
}

/** Per dataset: relevance per query set, then warm latency, each with its ratio to MiniSearch
 * in the same typo setting (our row against MiniSearch's default). */
export function nodeTables(rows) {
  const out = [];
  for (const ds of [...new Set(rows.map((r) => r.dataset))]) {
    const rs = rows.filter((r) => r.dataset === ds);
    const base = (r) => rs.find((x) => x.engine === "minisearch" && x.variant === r.variant) || rs.find((x) => x.engine === "minisearch" && x.variant === "exact");
    const qsets = Object.keys(rs[0].relevance);
    out.push(`##### ${datasetName(ds)} (${fmt(rs[0].entries)} entries), Node\n`);
    const head = ["engine", "typo setting"];
    for (const q of qsets) head.push(`${q} hit@1`, `${q} hit@5`, `${q} MRR@10`, "MRR ÷ MS");
    for (const q of qsets) head.push(`${q} p50 µs`, "p95 µs", "p99 µs", "p50 ÷ MS");
    out.push(table(head, rs.map((r) => {
      const b = base(r);
      const cells = [r.engine, r.variant];
      for (const q of qsets) { const m = r.relevance[q]; cells.push(fmt(m.hit1, 3) + (m.of ? ` (first ${m.queries} of ${m.of})` : ""), fmt(m.hit5, 3), fmt(m.mrr10, 3), ratio(m.mrr10, b?.relevance[q]?.mrr10)); }
      for (const q of qsets) { const l = r.latency_us[q]; cells.push(fmt(l?.p50, 1), fmt(l?.p95, 1), fmt(l?.p99, 1), l ? ratio(l.p50, b?.latency_us[q]?.p50) : "native: above"); }
      return cells;
    })));
    out.push("");
  }
  return out.join("\n");
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), "sa-peers-"));
  const rows = [];
  for (const ds of datasets(tmp)) {
    rows.push(measureOurs(ds, tmp));
    for (const name of PEERS) {
      const t = performance.now();
      rows.push(...(await measurePeer(name, ds)));
      progress("peers", `${ds.name} ${name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  console.log(nodeTables(rows));
  mergeResults("node", { rows });
  if (SMOKE) {
    for (const r of rows) if (!Object.values(r.relevance).every((m) => m.queries > 0 && m.mrr10 >= 0)) throw new Error(`no relevance for ${r.engine}`);
    console.log(`[peers] smoke: ${rows.length} rows, harness OK`);
  }
}

if (isMain(import.meta)) await main();
