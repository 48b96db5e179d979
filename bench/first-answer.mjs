// Time to the first contextual answer: from DOMContentLoaded to the product page's delivery
// promise and Q&A being on screen, with a 1,000-entry bundle (the example shop plus a
// synthetic catalog), served locally, cold and warm cache. Each widget load is paired with a load
// of the floor: the same page, whose script only fetches the same bundle and inserts a block in
// the same place after DOMContentLoaded. The floor is what the browser and this machine take for
// any script to put something on that page; the widget's own cost is the difference, per pair.
// A third page, the wasm floor, loads bench/size-floor/ (the widget's dependency stack with each
// crate used once; `node bench/size-floor.mjs` builds it) the way the loader loads the widget
// (module, glue and bundle fetched at once), and its module inserts the block once the page is
// parsed: what any widget built on this stack pays before its own work.
// Each load also records the longest task on the page's main thread from navigation until
// 300 ms after the block (the search panel and index come after it), from the Long Tasks API:
// tasks over 50 ms delay a shopper's input, and the floors show what the page's own take.
// Writes results.json key "first_answer" and prints figures; asserts nothing about time.
//   node bench/first-answer.mjs                 (after `make widget` and the CLI)
//   BENCH_SMOKE=1 node bench/first-answer.mjs   # 100 entries, one load each: checks the harness
import { existsSync, mkdirSync, mkdtempSync, cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launch } from "../tests/browser/harness.mjs";
import { CLI, ROOT, SMOKE, WIDGET, fmt, mergeResults, summary } from "./common.mjs";

const entries = Number(process.env.ENTRIES || (SMOKE ? 100 : 1000));
const runs = Number(process.env.RUNS || (SMOKE ? 1 : 15));
const dir = mkdtempSync(join(tmpdir(), "sa-first-"));
cpSync(join(ROOT, "pkg-config"), join(dir, "src"), { recursive: true });
const shop = execFileSync(CLI, ["build", join(dir, "src"), "--bundle-only", "--stats", "--out", join(dir, "probe")], { stdio: ["ignore", "pipe", "ignore"] });
writeFileSync(join(dir, "src", "catalog.jsonl"), execFileSync(CLI, ["synth", "--entries", String(entries - JSON.parse(shop).entries)]));
execFileSync(CLI, ["build", join(dir, "src"), "--out", join(dir, "dist"), "--widget", WIDGET], { stdio: "ignore" });

// The floor's page and script, beside a copy of the demo storefront.
const www = join(dir, "www");
cpSync(join(ROOT, "www/demo"), www, { recursive: true });
const PRODUCT = "products/ridge-waterproof-jacket";
const product = readFileSync(join(www, PRODUCT + ".html"), "utf8");
const loaderTag = /<script src="\/dist\/shop-answers\.js" async><\/script>/;
if (!loaderTag.test(product)) throw new Error(`the demo product page no longer has the loader tag ${loaderTag}`);
mkdirSync(join(www, "floor/products"), { recursive: true });
writeFileSync(join(www, "floor", PRODUCT + ".html"), product.replace(loaderTag, '<script src="/floor.js" async></script>'));
const bundleFile = readdirSync(join(dir, "dist")).find((f) => /^bundle\..*\.bin$/.test(f));
writeFileSync(join(www, "floor.js"), `(function () {
  var bundle = fetch("/dist/${bundleFile}").then(function (r) { return r.arrayBuffer(); });
  function show() {
    bundle.then(function (b) {
      var block = document.createElement("div");
      block.setAttribute("data-shop-answers-context", "");
      block.textContent = "Delivery and questions about this product (" + b.byteLength + " bytes)";
      var anchor = document.querySelector("form[action*='/cart/add']");
      if (anchor) anchor.after(block); else document.body.appendChild(block);
    });
  }
  if (document.readyState !== "loading") show();
  else document.addEventListener("DOMContentLoaded", function () { setTimeout(show, 0); });
})();
`);

// The wasm floor, when bench/size-floor/ is built.
const FLOOR_WASM = join(ROOT, "target/size-floor");
const wasmFloor = existsSync(join(FLOOR_WASM, "size_floor_bg.wasm"));
if (wasmFloor) {
  // Named by content hash, like the widget's files, so `serve` lets the browser cache them.
  mkdirSync(join(www, "floor-wasm/products"), { recursive: true });
  const hashed = (file, ext) => {
    const bytes = readFileSync(join(FLOOR_WASM, file));
    const name = `floor.${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}.${ext}`;
    writeFileSync(join(www, "floor-wasm", name), bytes);
    return name;
  };
  const floorWasm = hashed("size_floor_bg.wasm", "wasm"), floorGlue = hashed("size_floor.js", "js");
  writeFileSync(join(www, "floor-wasm", PRODUCT + ".html"), product.replace(loaderTag, '<script src="/floor-wasm.js" async></script>'));
  writeFileSync(join(www, "floor-wasm.js"), `(function () {
  var module = WebAssembly.compileStreaming(fetch("/floor-wasm/${floorWasm}"));
  var bundle = fetch("/dist/${bundleFile}").then(function (r) { return r.arrayBuffer(); });
  var glue = import("/floor-wasm/${floorGlue}");
  function parsed() {
    if (document.readyState !== "loading") return Promise.resolve();
    return new Promise(function (resolve) {
      document.addEventListener("DOMContentLoaded", function () { setTimeout(resolve, 0); }, { once: true });
    });
  }
  glue.then(function (g) {
    return module.then(function (m) { return g.default({ module_or_path: m }); }).then(parsed).then(function () {
      return bundle.then(function (b) { g.show(new Uint8Array(b), "delivery"); });
    });
  }).catch(function (e) { console.warn("wasm floor: " + e); });
})();
`);
} else {
  console.log("wasm floor skipped: target/size-floor is not built (node bench/size-floor.mjs builds it)");
}

const server = await startServer({ dist: join(dir, "dist"), cli: CLI, www });
const browser = await launch();
const result = { entries, loads: runs };
try {
  for (const cache of ["cold", "warm"]) {
    const context = await browser.newContext();
    const times = { widget: [], floor: [], wasm: [] };
    const longest = { widget: [], floor: [], wasm: [] };
    // One load of a page: ms from DOMContentLoaded to the block, and the longest task (ms).
    const load = async (path, last) => {
      // Cold: a fresh profile per load; warm: every load in the one profile.
      const ctx = cache === "cold" ? await browser.newContext() : context;
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        window.__longest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
        }).observe({ type: "longtask", buffered: true });
        const seen = () => document.querySelector("[data-shop-answers-context]");
        new MutationObserver((_, obs) => {
          if (seen()) {
            window.__firstAnswer = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(server.url + path);
      await page.waitForFunction(() => window.__firstAnswer, null, { timeout: 10000 });
      const ms = await page.evaluate(() => window.__firstAnswer - performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd);
      // The widget's first search answer after the shopper focuses the box, right after the
      // contextual answer (before idle time could have brought the interactive module).
      let search = null;
      if (path === PRODUCT) {
        search = await page.evaluate(async () => {
          const root = document.querySelector('div[data-shop-answers=""]')?.shadowRoot;
          const input = root?.getElementById("sa-input");
          if (!input) return null;
          const t0 = performance.now();
          input.focus();
          input.value = "returns";
          input.dispatchEvent(new Event("input", { bubbles: true }));
          while (!root.querySelector("[role=option]") && performance.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 2));
          return performance.now() - t0;
        });
      }
      await page.waitForTimeout(300);
      const task = await page.evaluate(() => window.__longest);
      if (last && process.env.DETAIL) {
        console.log(await page.evaluate(() => {
          const dcl = performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
          return performance.getEntriesByType("resource").map((r) => `${r.name.split("/").pop()} start ${(r.startTime - dcl).toFixed(1)} end ${(r.responseEnd - dcl).toFixed(1)}`).join("\n") + `\nanswer ${(window.__firstAnswer - dcl).toFixed(1)}`;
        }));
      }
      await page.close();
      if (ctx !== context) await ctx.close();
      return { ms, task, search };
    };
    const searches = [];
    const record = (kind, { ms, task, search }) => {
      times[kind].push(ms);
      longest[kind].push(task);
      if (search != null) searches.push(search);
    };
    // The warm profile has seen both pages once before the first timed load.
    if (cache === "warm") {
      await load(PRODUCT);
      await load("floor/" + PRODUCT);
      if (wasmFloor) await load("floor-wasm/" + PRODUCT);
    }
    for (let i = 0; i < runs; i++) {
      record("widget", await load(PRODUCT, i === runs - 1));
      record("floor", await load("floor/" + PRODUCT));
      if (wasmFloor) record("wasm", await load("floor-wasm/" + PRODUCT));
    }
    const s = (result[`${cache}_ms`] = summary(times.widget));
    const f = (result[`floor_${cache}_ms`] = summary(times.floor));
    const over = (result[`over_floor_${cache}_ms`] = summary(times.widget.map((t, i) => t - times.floor[i])));
    const w = wasmFloor ? (result[`wasm_floor_${cache}_ms`] = summary(times.wasm)) : null;
    const lt = (result[`longest_task_${cache}_ms`] = Object.fromEntries(Object.entries(longest).filter(([, v]) => v.length).map(([k, v]) => [k, summary(v)])));
    console.log(`first contextual answer after DOMContentLoaded, ${fmt(entries)} entries, ${cache} cache: median ${fmt(s.median, 1)} ms, min ${fmt(s.min, 1)} ms, max ${fmt(s.max, 1)} ms (${runs} loads)`);
    console.log(`  floor (a script that only fetches the bundle and inserts a block), ${cache} cache: median ${fmt(f.median, 1)} ms, min ${fmt(f.min, 1)} ms, max ${fmt(f.max, 1)} ms; the widget over the floor, per pair: median ${fmt(over.median, 1)} ms`);
    console.log(`  longest main-thread task per load, ${cache} cache (0: none over 50 ms), median: widget ${fmt(lt.widget.median, 1)} ms (max ${fmt(lt.widget.max, 1)}), floor ${fmt(lt.floor.median, 1)} ms${lt.wasm ? `, wasm floor ${fmt(lt.wasm.median, 1)} ms` : ""}`);
    if (w) {
      const overWasm = (result[`over_wasm_floor_${cache}_ms`] = summary(times.widget.map((t, i) => t - times.wasm[i])));
      const ratio = (result[`wasm_floor_ratio_${cache}`] = s.median / w.median);
      console.log(`  wasm floor (the dependency stack, loaded like the widget, inserting a block), ${cache} cache: median ${fmt(w.median, 1)} ms, min ${fmt(w.min, 1)} ms, max ${fmt(w.max, 1)} ms; the widget over it, per pair: median ${fmt(overWasm.median, 1)} ms; widget ÷ wasm floor ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
    }
    if (searches.length) {
      const q = (result[`search_after_focus_${cache}_ms`] = summary(searches));
      console.log(`  first search answer after focus (interactive module fetched on that intent), ${cache} cache: median ${fmt(q.median, 1)} ms, max ${fmt(q.max, 1)} ms${cache === "warm" ? " (target ≤ 100 ms)" : ""}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
mergeResults("first_answer", result);
