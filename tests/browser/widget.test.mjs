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

async function ask(page, text) {
  await page.goto(server.url);
  const input = page.getByRole("combobox");
  await input.waitFor();
  await input.fill(text);
  return input;
}

// (The widget's input became a WAI-ARIA combobox in 31c9939; main updated these tests in 86c48f0.)
test("a typed question shows the right answer", async () => {
  const { page, log } = await newPage(browser);
  const input = await ask(page, "how long does shipping take");
  const answer = page.locator("#sa-answer");
  await answer.getByText("UK standard delivery: 2–3 working days").waitFor({ timeout: 5000 });
  assert.equal(await answer.locator("h3").textContent(), "How long does shipping take?");
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  assert.equal(await page.getByRole("option").first().textContent(), "How long does shipping take?");
  assert.deepEqual(log.errors, [], "no errors or CSP violations");
  assert.deepEqual(log.warnings, []);
  await page.close();
});

test("typos and half-typed words still find the answer", async () => {
  const { page } = await newPage(browser);
  await ask(page, "retrun polic");
  await page.getByRole("option").first().getByText("What is your return policy?").waitFor({ timeout: 5000 });
  const hits = await page.evaluate(() => window.ShopAnswers.search("can i pay with paypal"));
  assert.equal(hits[0].id, "payment-methods");
  await page.close();
});

test("an unrelated question offers the contact form and the address instead of a wrong answer", async () => {
  const { page } = await newPage(browser);
  const input = await ask(page, "quantum chromodynamics");
  const status = page.locator("[data-shop-answers] .status");
  await status.getByText("help@alpinethreads.example").waitFor({ timeout: 5000 });
  assert.equal(await status.locator("a").getAttribute("href"), "mailto:help@alpinethreads.example");
  // The form is offered inline without taking focus from the search box.
  await page.getByLabel("How can we help?").waitFor({ timeout: 5000 });
  assert.equal(await page.getByRole("button", { name: "Still need help? Contact us" }).getAttribute("aria-expanded"), "true");
  assert.equal(await input.evaluate((e) => e.getRootNode().activeElement === e), true);
  await page.close();
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
