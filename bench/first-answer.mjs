// Time to the first contextual answer: from DOMContentLoaded to the product page's delivery
// promise and Q&A being on screen, with a 1,000-entry bundle (the example shop plus a
// synthetic catalog), served locally, cold and warm cache. Prints figures; asserts nothing.
//   node bench/first-answer.mjs   (after `make widget cli`)
import { mkdtempSync, cpSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launch, ROOT } from "../tests/browser/harness.mjs";

const CLI = join(ROOT, "target/debug/shop-answers");
const dir = mkdtempSync(join(tmpdir(), "sa-first-"));
cpSync(join(ROOT, "pkg-config"), join(dir, "src"), { recursive: true });
const entries = Number(process.env.ENTRIES || 1000);
writeFileSync(join(dir, "src", "catalog.jsonl"), execFileSync(CLI, ["synth", "--entries", String(entries - 10)]));
execFileSync(CLI, ["build", join(dir, "src"), "--out", join(dir, "dist"), "--widget", join(ROOT, "target/widget")], { stdio: "ignore" });

const server = await startServer({ dist: join(dir, "dist") });
const browser = await launch();
const runs = Number(process.env.RUNS || 7);
try {
  for (const cache of ["cold", "warm"]) {
    const context = await browser.newContext();
    const times = [];
    for (let i = 0; i < runs; i++) {
      const page = cache === "cold" ? await (await browser.newContext()).newPage() : await context.newPage();
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
      const t = await page.evaluate(() => window.__firstAnswer - performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd);
      times.push(t);
      if (i === runs - 1 && process.env.DETAIL) {
        console.log(await page.evaluate(() => {
          const dcl = performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
          return performance.getEntriesByType("resource").map((r) => `${r.name.split("/").pop()} start ${(r.startTime - dcl).toFixed(1)} end ${(r.responseEnd - dcl).toFixed(1)}`).join("\n") + `\nanswer ${(window.__firstAnswer - dcl).toFixed(1)}`;
        }));
      }
      await page.close();
    }
    times.sort((a, b) => a - b);
    console.log(`first contextual answer after DOMContentLoaded, ${entries} entries, ${cache} cache: median ${times[times.length >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (${runs} loads)`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
