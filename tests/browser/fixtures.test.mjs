// The browser's reader and the CLI's reader agree: every storefront fixture in
// tests/data/pages/ is opened at its own address (served locally through request routing, no
// network), the loader is added as a shop would add it, and ShopAnswers.context() must equal
// the fixture's expected JSON — the same file the native test compares the CLI against.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, ROOT } from "./harness.mjs";

const PAGES = join(ROOT, "tests/data/pages");
const DIST = join(ROOT, process.env.SHOP_ANSWERS_DIST || "dist");
const TYPES = { js: "text/javascript", wasm: "application/wasm", css: "text/css", bin: "application/octet-stream" };

let browser;
const timings = [];
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  timings.sort((a, b) => b[1] - a[1]);
  const worst = timings[0];
  if (worst) console.log(`# page read + classify + draw in the browser: worst ${worst[1].toFixed(2)} ms (${worst[0]}), median ${timings[timings.length >> 1][1].toFixed(2)} ms over ${timings.length} fixtures`);
});

for (const file of readdirSync(PAGES).filter((f) => f.endsWith(".html")).sort()) {
  test(`context of ${file} matches the CLI's`, async () => {
    const html = readFileSync(join(PAGES, file), "utf8");
    const url = html.split("\n")[0].match(/<!-- url:\s*(\S+)\s*-->/)[1];
    const expected = JSON.parse(readFileSync(join(PAGES, file.replace(/\.html$/, ".expected.json")), "utf8"));
    const origin = new URL(url).origin;
    const page = await browser.newPage();
    await page.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.origin === origin && u.pathname.startsWith("/dist/")) {
        const name = u.pathname.slice(6);
        try {
          return route.fulfill({ body: readFileSync(join(DIST, name)), contentType: TYPES[name.split(".").pop()] });
        } catch {
          return route.fulfill({ status: 404, body: "" });
        }
      }
      if (u.href === url.split("#")[0]) return route.fulfill({ body: html, contentType: "text/html; charset=utf-8" });
      return route.fulfill({ status: 404, body: "" });
    });
    await page.goto(url);
    await page.addScriptTag({ url: origin + "/dist/shop-answers.js" });
    const [got, ms] = await page.evaluate(async () => {
      await window.ShopAnswers.ready();
      // Reading the page again (snapshot, classify, plan, draw) is one synchronous task on
      // the main thread: its duration is what the page's responsiveness pays.
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await window.ShopAnswers.refresh();
        best = Math.min(best, performance.now() - t);
      }
      return [await window.ShopAnswers.context(), best];
    });
    timings.push([file, ms]);
    for (const [k, want] of Object.entries(expected)) {
      assert.deepEqual(got[k], want, `${k}; signals: ${got.signals.join(" | ")}`);
    }
    await page.close();
  });
}
