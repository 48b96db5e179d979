// Time to the first contextual answer: from DOMContentLoaded to the product page's delivery
// promise and Q&A being on screen, with a 1,000-entry bundle (the example shop plus a
// synthetic catalog), served locally, cold and warm cache. Writes results.json key
// "first_answer" and prints figures; asserts nothing about time.
//   node bench/first-answer.mjs                 (after `make widget` and the CLI)
//   BENCH_SMOKE=1 node bench/first-answer.mjs   # 100 entries, one load each: checks the harness
import { mkdtempSync, cpSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
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

const server = await startServer({ dist: join(dir, "dist"), cli: CLI });
const browser = await launch();
const result = { entries, loads: runs };
try {
  for (const cache of ["cold", "warm"]) {
    const context = await browser.newContext();
    const times = [];
    for (let i = 0; i < runs; i++) {
      // Cold: a fresh profile per load; warm: every load in the one profile.
      const ctx = cache === "cold" ? await browser.newContext() : context;
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        const seen = () => document.querySelector("[data-shop-answers-context]");
        new MutationObserver((_, obs) => {
          if (seen()) {
            window.__firstAnswer = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(server.url + "products/ridge-waterproof-jacket");
      await page.waitForFunction(() => window.__firstAnswer, null, { timeout: 10000 });
      times.push(await page.evaluate(() => window.__firstAnswer - performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd));
      if (i === runs - 1 && process.env.DETAIL) {
        console.log(await page.evaluate(() => {
          const dcl = performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
          return performance.getEntriesByType("resource").map((r) => `${r.name.split("/").pop()} start ${(r.startTime - dcl).toFixed(1)} end ${(r.responseEnd - dcl).toFixed(1)}`).join("\n") + `\nanswer ${(window.__firstAnswer - dcl).toFixed(1)}`;
        }));
      }
      await page.close();
      if (ctx !== context) await ctx.close();
    }
    const s = (result[`${cache}_ms`] = summary(times));
    console.log(`first contextual answer after DOMContentLoaded, ${fmt(entries)} entries, ${cache} cache: median ${fmt(s.median, 1)} ms, min ${fmt(s.min, 1)} ms, max ${fmt(s.max, 1)} ms (${runs} loads)`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
mergeResults("first_answer", result);
