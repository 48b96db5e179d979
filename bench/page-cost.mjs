// What the widget costs a shop's page in Lighthouse: every demo storefront page with and without
// the script tag, side by side in one run. Lighthouse (the pinned npm dev dependency) drives
// Debian's Chromium; its mobile preset (Moto G Power, 412 × 823, simulated slow 4G and 4× CPU
// slowdown: Lighthouse's defaults) and its desktop preset (1350 × 940, simulated cable), median of
// RUNS runs each, the with and without runs alternating (and which goes first alternating too),
// after a control page checks that Lighthouse sees layout shifts and (full run) one discarded run.
// The pages come from a small static server in a worker thread, gzip'd as a CDN sends them
// (text, js, wasm, json, css) with immutable caching for content-hashed files; "without" is the
// same page with the loader's script tag cut out of the HTML as it is served. The dist is the
// example shop built by the CLI (calendars from 2026-11-01, like the browser tests).
// Prints a table per preset (score, CLS, LCP, TBT, bytes transferred: without → with and what the
// widget adds) beside the targets (score drop ≤ 3, CLS added ≤ 0.01, TBT added ≤ 10 ms), writes
// target/bench-pagecost/results.json and, in a full run, the "Page cost (Lighthouse)" section of
// bench/RESULTS.md. Asserts nothing about the figures.
//   node bench/page-cost.mjs                  # every page, mobile + desktop, 3 runs (RUNS=5 for more)
//   BENCH_SMOKE=1 node bench/page-cost.mjs    # 2 pages, 1 run each: checks the harness
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { gzipSync } from "node:zlib";

const ROOT = new URL("../", import.meta.url).pathname;
// The script tag the demo pages load the widget with (async in the head, or defer at the end).
const TAG = /[ \t]*<script src="\/dist\/shop-answers\.js"[^>]*><\/script>\n?/;
const WITHOUT = "/without";
// The control: a page that pushes its text down by 300 px soon after the first paint. Lighthouse
// 12.2.3's layout-shifts audit fails on today's Chromium (its RootCauses gatherer), so the run
// first checks that the CLS metric, computed from the trace, still sees a known shift.
const CONTROL = "/_control/shift";
const CONTROL_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>control</title></head>
<body><h1>A late block pushes this down</h1><p>Text that a block inserted above it 300 ms after the first paint moves by 300 px.</p>
<script>setTimeout(function () { var d = document.createElement("div"); d.style.height = "300px"; d.textContent = "late"; document.body.prepend(d); }, 300);</script></body></html>`;

// ---- the static server (worker thread, so Lighthouse's work never delays a response) ----------
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp", ".bin": "application/octet-stream", ".txt": "text/plain; charset=utf-8",
};
// What a CDN compresses by default: text, scripts, styles, JSON, SVG and wasm (not images or
// application/octet-stream, the bundle's type).
const COMPRESS = /^(text\/|application\/(javascript|json|wasm)|image\/svg)/;
const HASHED = /\.[0-9a-f]{12}\./;

function serve({ www, dist }) {
  const cache = new Map();
  const file = (path) => {
    let hit = cache.get(path);
    if (!hit) {
      const body = readFileSync(path);
      hit = { body, gz: null };
      cache.set(path, hit);
    }
    return hit;
  };
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === CONTROL) { res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" }).end(CONTROL_HTML); return; }
    const without = path === WITHOUT || path.startsWith(WITHOUT + "/");
    if (without) path = path.slice(WITHOUT.length) || "/";
    const [root, rel] = path.startsWith("/dist/") ? [dist, path.slice(6)] : [www, path.slice(1)];
    let p = normalize(join(root, rel || "index.html"));
    if (!p.startsWith(root)) { res.writeHead(400).end(); return; }
    if (existsSync(p) && statSync(p).isDirectory()) p = join(p, "index.html");
    // Storefront-style paths without an extension serve the page of that name, as `shop-answers serve` does.
    if (!extname(p) && !existsSync(p)) p += ".html";
    if (!existsSync(p)) { res.writeHead(404, { "Content-Type": "text/plain" }).end("not found"); return; }
    const type = TYPES[extname(p)] ?? "application/octet-stream";
    let f = file(p);
    if (without && type.startsWith("text/html")) {
      const key = p + "#without";
      if (!cache.has(key)) cache.set(key, { body: Buffer.from(f.body.toString("utf8").replace(TAG, "")), gz: null });
      f = cache.get(key);
    }
    const headers = {
      "Content-Type": type,
      "Cache-Control": HASHED.test(p) ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
      Vary: "Accept-Encoding",
    };
    let body = f.body;
    if (COMPRESS.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      f.gz ??= gzipSync(f.body, { level: 6 });
      body = f.gz;
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  server.listen(0, "127.0.0.1", () => parentPort.postMessage(`http://127.0.0.1:${server.address().port}`));
}

if (!isMainThread) serve(workerData);
else await main();

// ---- the benchmark ----------------------------------------------------------------------------
async function main() {
  const { CLI, SMOKE, fmt, median, progress, r3, table, versions } = await import("./common.mjs");
  const { default: lighthouse } = await import("lighthouse");
  const { default: desktopConfig } = await import("lighthouse/core/config/desktop-config.js");
  const chromeLauncher = await import("chrome-launcher");

  const ALL_PAGES = [
    { name: "product", path: "/products/ridge-waterproof-jacket" },
    { name: "order confirmation", path: "/checkout/order-received" },
    { name: "help (search)", path: "/" },
    { name: "floating launcher", path: "/floating.html" },
  ];
  const PAGES = SMOKE ? ALL_PAGES.slice(0, 2) : ALL_PAGES;
  const RUNS = Number(process.env.RUNS || (SMOKE ? 1 : 3));
  const PRESETS = (process.env.PRESETS || "mobile,desktop").split(",");
  const OUT = join(ROOT, "target/bench-pagecost");
  const dist = join(ROOT, "target/dist-pagecost");
  const www = join(ROOT, "www/demo");
  mkdirSync(OUT, { recursive: true });

  // The example shop, built by the CLI (its widget embedded).
  execFileSync(CLI, ["build", "pkg-config", "--out", dist, "--valid-from", "2026-11-01"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  for (const p of ALL_PAGES) {
    const html = readFileSync(join(www, p.path === "/" ? "index.html" : p.path.endsWith(".html") ? p.path : p.path + ".html"), "utf8");
    if (!TAG.test(html)) throw new Error(`${p.path}: no loader tag ${TAG}`);
  }

  const worker = new Worker(new URL(import.meta.url), { workerData: { www: www + "/", dist: dist + "/" } });
  const base = await new Promise((resolve, reject) => { worker.once("message", resolve); worker.once("error", reject); });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
    chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const flags = {
    port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"],
    // Screenshots cost time and feed no metric.
    skipAudits: ["screenshot-thumbnails", "final-screenshot", "full-page-screenshot"],
  };

  const metrics = (lhr) => {
    const a = lhr.audits;
    const num = (id) => (a[id]?.numericValue == null ? null : a[id].numericValue);
    return {
      score: lhr.categories.performance.score == null ? null : Math.round(lhr.categories.performance.score * 100),
      fcp_ms: num("first-contentful-paint"), lcp_ms: num("largest-contentful-paint"), tbt_ms: num("total-blocking-time"),
      cls: num("cumulative-layout-shift"), si_ms: num("speed-index"), bytes: num("total-byte-weight"),
      requests: a["network-requests"]?.details?.items?.length ?? null,
      // Where the main thread's time went (per script, ms) and what came over the wire (bytes).
      bootup: (a["bootup-time"]?.details?.items ?? []).map((x) => ({ url: x.url.replace(/^https?:\/\/[^/]+/, ""), total: r3(x.total), scripting: r3(x.scripting), compile: r3(x.scriptParseCompile) })),
      long_tasks: (a["long-tasks"]?.details?.items ?? []).map((x) => ({ url: x.url.replace(/^https?:\/\/[^/]+/, ""), start: r3(x.startTime), duration: r3(x.duration) })),
      transfer: (a["network-requests"]?.details?.items ?? []).map((x) => [x.url.replace(/^https?:\/\/[^/]+/, ""), x.transferSize]),
      // Lighthouse's measure of the host CPU at the time of the run (lower: busier machine).
      benchmark_index: lhr.environment?.benchmarkIndex ?? null,
      warnings: lhr.runWarnings ?? [],
    };
  };

  const started = Date.now();
  const runs = {};
  let control;
  try {
    const c = await lighthouse(base + CONTROL, flags);
    control = r3(c.lhr.audits["cumulative-layout-shift"].numericValue ?? 0);
    progress("page-cost", `control page (a 300 px shift after the first paint): CLS ${fmt(control, 3)}`);
    if (!(control >= 0.05)) throw new Error(`Lighthouse saw CLS ${control} on the control page, which shifts by 300 px: it does not measure layout shifts in this Chromium`);
    for (const preset of PRESETS) {
      const config = preset === "desktop" ? desktopConfig : undefined;
      // One discarded run of the first page with the widget, so that no measured run is Chrome's first wasm page.
      if (!SMOKE) await lighthouse(base + PAGES[0].path, flags, config);
      for (let i = 0; i < RUNS; i++) {
        for (const [k, page] of PAGES.entries()) {
          // Alternate which of the pair goes first, from page to page and run to run.
          const order = (i + k) % 2 ? ["without", "with"] : ["with", "without"];
          for (const variant of order) {
            const url = base + (variant === "without" ? WITHOUT : "") + page.path;
            const t0 = Date.now();
            const result = await lighthouse(url, flags, config);
            if (!result?.lhr) throw new Error(`${url}: Lighthouse returned no report`);
            if (result.lhr.runtimeError) throw new Error(`${url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
            const m = metrics(result.lhr);
            ((runs[preset] ??= {})[page.name] ??= { with: [], without: [] })[variant].push(m);
            progress("page-cost", `${preset} run ${i + 1}/${RUNS} ${page.name} ${variant}: score ${m.score}, CLS ${fmt(m.cls, 3)}, LCP ${fmt(m.lcp_ms)} ms, TBT ${fmt(m.tbt_ms)} ms, ${fmt(m.bytes)} B, benchmark index ${fmt(m.benchmark_index)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
          }
        }
      }
    }
  } finally {
    await chrome.kill();
    await worker.terminate();
  }

  // Medians per metric, and what the widget adds (the difference of the medians).
  const KEYS = ["score", "fcp_ms", "lcp_ms", "tbt_ms", "cls", "si_ms", "bytes", "requests"];
  const med = (rs, k) => { const v = rs.map((r) => r[k]).filter((x) => x != null); return v.length ? r3(median(v)) : null; };
  const results = {};
  for (const [preset, pages] of Object.entries(runs)) {
    results[preset] = PAGES.map((page) => {
      const r = pages[page.name];
      const row = { page: page.name, path: page.path, with: {}, without: {}, added: {} };
      for (const k of KEYS) {
        row.with[k] = med(r.with, k);
        row.without[k] = med(r.without, k);
        row.added[k] = row.with[k] == null || row.without[k] == null ? null : r3(row.with[k] - row.without[k]);
      }
      for (const k of ["lcp_ms", "tbt_ms"]) row.with[`${k}_range`] = [Math.min(...r.with.map((x) => x[k])), Math.max(...r.with.map((x) => x[k]))].map(r3);
      row.runs = r;
      return row;
    });
  }

  const sign = (x, d = 0) => (x == null ? "–" : (x > 0 ? "+" : x < 0 ? "−" : "±") + fmt(Math.abs(x), d));
  // "without → with", and with several runs the with runs' spread (min–max) for the noisy timings.
  const pair = (row, k, d = 0, scale = 1) => `${fmt(row.without[k] == null ? null : row.without[k] / scale, d)} → ${fmt(row.with[k] == null ? null : row.with[k] / scale, d)}` +
    (RUNS > 1 && row.with[`${k}_range`] ? ` (${row.with[`${k}_range`].map((x) => fmt(x)).join("–")})` : "");
  const tableOf = (rows) => table(
    ["page", "score without → with", "score drop", "CLS without → with", "CLS added", "LCP ms without → with", "LCP added", "TBT ms without → with", "TBT added", "transfer KB without → with", "KB added"],
    rows.map((r) => [r.page, pair(r, "score"), r.added.score == null ? "–" : fmt(0 - r.added.score || 0), pair(r, "cls", 3), sign(r.added.cls, 3),
      pair(r, "lcp_ms"), sign(r.added.lcp_ms), pair(r, "tbt_ms"), sign(r.added.tbt_ms), pair(r, "bytes", 1, 1024), sign(r.added.bytes / 1024, 1)]),
    1,
  );
  const TITLES = {
    mobile: "Mobile (Lighthouse default: Moto G Power 412 × 823, simulated slow 4G, 4× CPU slowdown)",
    desktop: "Desktop (Lighthouse desktop preset: 1350 × 940, simulated 40 ms RTT, 10 Mbit/s)",
  };
  const worst = (rows, k, f = (x) => x) => Math.max(...rows.map((r) => (r.added[k] == null ? -Infinity : f(r.added[k]) || 0)));
  const targets = (preset, rows) => `${preset}: largest score drop ${fmt(worst(rows, "score", (x) => -x))} (target ≤ 3), ` +
    `largest CLS added ${fmt(worst(rows, "cls"), 3)} (target ≤ 0.01), largest TBT added ${fmt(worst(rows, "tbt_ms"))} ms (target ≤ 10 ms)`;

  const v = versions();
  const lighthouseVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/lighthouse/package.json"), "utf8")).version;
  const seconds = Math.round((Date.now() - started) / 1000);
  const bi = Object.values(runs).flatMap((pages) => Object.values(pages).flatMap((r) => [...r.with, ...r.without])).map((m) => m.benchmark_index).filter((x) => x != null);
  const benchmark = bi.length ? `Lighthouse's host benchmark index ranged ${fmt(Math.min(...bi))}–${fmt(Math.max(...bi))} over the runs (median ${fmt(median(bi))})` : "";
  const text = [];
  for (const [preset, rows] of Object.entries(results)) text.push(`${TITLES[preset]}, median of ${RUNS} run${RUNS > 1 ? "s" : ""}:\n\n${tableOf(rows)}`);
  // Where the added blocking time comes from: each with run's longest task per script (Lighthouse's
  // long-tasks audit, simulated ms), median over every page's with runs.
  const longTasks = (preset) => {
    const by = {};
    for (const r of Object.values(runs[preset])) for (const m of r.with) {
      const longest = {};
      for (const t of m.long_tasks) longest[t.url] = Math.max(longest[t.url] ?? 0, t.duration);
      for (const [u, d] of Object.entries(longest)) (by[u] ??= []).push(d);
    }
    const n = Object.values(runs[preset]).reduce((s, r) => s + r.with.length, 0);
    const list = Object.entries(by).sort((x, y) => median(y[1]) - median(x[1])).map(([u, d]) => `${u.split("/").pop() || u} ${fmt(median(d))} ms (in ${d.length} of ${n} runs, max ${fmt(Math.max(...d))})`);
    return `${preset} long tasks with the widget (Lighthouse's long-tasks audit, simulated; each run's longest per script, median): ${list.join(", ") || "none"}`;
  };
  const summaryLines = Object.entries(results).flatMap(([p, rows]) => [targets(p, rows), longTasks(p)]);
  console.log(`\nPage cost in Lighthouse ${lighthouseVersion}, ${PAGES.length} pages with and without the widget's script tag, ${RUNS} run${RUNS > 1 ? "s" : ""} each (${seconds} s):\n`);
  console.log(text.join("\n\n") + "\n\n" + summaryLines.join("\n") + (benchmark ? `\n${benchmark}` : ""));

  const file = join(OUT, SMOKE ? "results-smoke.json" : "results.json");
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), smoke: SMOKE, runs: RUNS, control_cls: control, presets: PRESETS, seconds, lighthouse: lighthouseVersion, versions: v, results }, null, 1) + "\n");
  console.log(`\n${file} written`);
  if (SMOKE) return;

  // The "Page cost (Lighthouse)" section of bench/RESULTS.md, replaced whole (or added before the side-by-side part).
  const m = v.machine;
  const section = `## Page cost (Lighthouse)

What the widget costs a shop's page, as Lighthouse ${lighthouseVersion} scores it: each demo storefront page
(help/search, product, order confirmation, floating launcher) with and without the widget's script tag,
the two runs alternating, on Debian's Chromium. The pages are served by a small static server in the
script, gzip'd as a CDN sends them (text, scripts, styles, JSON and wasm; the bundle, served as
\`application/octet-stream\`, goes as it is), content-hashed files with immutable caching; "without" is the
same page with the loader's \`<script>\` tag cut out as it is served, so both keep the room the page
reserves for the widget's slots. Lighthouse's own presets with simulated throttling: its default mobile
one (412 px wide, so the mobile CLS is the 412 px one) and its desktop one. Every figure is the median of
the runs, metric by metric; "added" is with minus without; in brackets, the with runs' spread (min–max)
of LCP and TBT, which on this machine vary most from run to run. Targets: score drop ≤ 3, CLS added
≤ 0.01, TBT added ≤ 10 ms. Lighthouse 12.2.3's layout-shifts and LCP-element audits fail on this
Chromium (its RootCauses gatherer), so each run first checks that the CLS metric, computed from the
trace, sees a known shift: a control page that moves its text by 300 px after the first paint scored
CLS ${fmt(control, 3)} in this run.

\`\`\`sh
node bench/page-cost.mjs     # ${RUNS} runs per page, variant and preset; RUNS=5 for more
\`\`\`

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${seconds} s. Machine: ${m.cpu}, ${m.cores} cores shared with builds (figures
are relative: with against without in one run; ${benchmark || "no benchmark index"}), ${v.chromium ?? "Chromium"}, Node ${v.node}, Lighthouse ${lighthouseVersion}, ${v["shop-answers"] ?? "shop-answers"}.

${text.join("\n\n")}

${summaryLines.map((l) => `- ${l}.`).join("\n")}

Raw runs (each metric, main-thread time per script, every request's transfer size): \`target/bench-pagecost/results.json\`.
`;
  const resultsMd = join(ROOT, "bench/RESULTS.md");
  let md = readFileSync(resultsMd, "utf8");
  const HEAD = "## Page cost (Lighthouse)";
  const a = md.indexOf(HEAD);
  if (a >= 0) {
    const next = md.indexOf("\n## ", a + HEAD.length);
    md = md.slice(0, a) + section + (next >= 0 ? md.slice(next) : "");
  } else {
    const before = md.indexOf("\n## Side by side");
    md = before >= 0 ? md.slice(0, before + 1) + section + "\n" + md.slice(before + 1) : md.trimEnd() + "\n\n" + section;
  }
  writeFileSync(resultsMd, md);
  console.log(`${resultsMd}: section "Page cost (Lighthouse)" written`);
}
