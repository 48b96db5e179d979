// The whole path in a real browser: the script tag loads the wasm widget, which fetches the
// bundle and answers a typed question inside its Shadow DOM, under a strict CSP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launch, newPage, ROOT } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test("a typed question shows the right answer", async () => {
  const { page, log } = await newPage(browser);
  await page.goto(server.url);
  const input = page.getByRole("searchbox");
  await input.waitFor();
  await input.fill("how long does shipping take");
  const first = page.locator("[data-shop-answers] .result").first();
  await assert.doesNotReject(first.getByText("How long does shipping take?").waitFor({ timeout: 5000 }));
  await assert.doesNotReject(first.getByText("UK standard delivery: 2–3 working days").waitFor());
  assert.equal(await first.locator(".question").getAttribute("aria-expanded"), "true");
  assert.deepEqual(log.errors, [], "no errors or CSP violations");
  assert.deepEqual(log.warnings, []);
  await page.close();
});

test("typos and half-typed words still find the answer", async () => {
  const { page } = await newPage(browser);
  await page.goto(server.url);
  const input = page.getByRole("searchbox");
  await input.waitFor();
  await input.fill("retrun polic");
  await page.locator("[data-shop-answers] .result").first().getByText("What is your return policy?").waitFor({ timeout: 5000 });
  const hits = await page.evaluate(() => window.ShopAnswers.search("can i pay with paypal"));
  assert.equal(hits[0].id, "payment-methods");
  await page.close();
});

test("an unrelated question offers the contact address instead of a wrong answer", async () => {
  const { page } = await newPage(browser);
  await page.goto(server.url);
  const input = page.getByRole("searchbox");
  await input.waitFor();
  await input.fill("quantum chromodynamics");
  const status = page.locator("[data-shop-answers] .status");
  await status.getByText("help@alpinethreads.example").waitFor({ timeout: 5000 });
  assert.equal(await status.locator("a").getAttribute("href"), "mailto:help@alpinethreads.example");
});

test("a missing bundle leaves the page intact and logs one warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sa-broken-"));
  cpSync(join(ROOT, "www/demo"), dir, { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html><head><title>t</title></head><body><h1 id="host">Host page</h1>
<script src="/dist/shop-answers.js" data-bundle="/dist/missing.bin" defer></script></body></html>`,
  );
  const broken = await startServer({ www: dir });
  try {
    const { page, log } = await newPage(browser);
    await page.goto(broken.url);
    await page.waitForFunction(() => true);
    await assert.rejects(page.evaluate(() => window.ShopAnswers.ready()));
    assert.equal(await page.locator("#host").textContent(), "Host page");
    const ours = log.warnings.filter((w) => w.startsWith("shop-answers:"));
    assert.equal(ours.length, 1, JSON.stringify(log.warnings));
    assert.match(ours[0], /HTTP 404/);
    await page.close();
  } finally {
    broken.stop();
  }
});
