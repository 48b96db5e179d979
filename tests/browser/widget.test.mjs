// The whole path in a real browser: the script tag loads the wasm widget, which fetches the
// bundle and answers a typed question inside its Shadow DOM, under a strict CSP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launch, newPage, ROOT, inboxMessages } from "./harness.mjs";

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

test("a typed question shows the right answer, with the shopper's words marked", async () => {
  const { page, log } = await newPage(browser);
  const input = await ask(page, "how long does shipping take");
  const answer = page.locator("#sa-answer");
  await answer.getByText("UK standard delivery: 2–3 working days").waitFor({ timeout: 5000 });
  assert.equal(await answer.locator("h3").textContent(), "How long does shipping take?");
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  const first = page.getByRole("option").first();
  assert.equal(await first.textContent(), "How long does shipping take?");
  assert.deepEqual(await first.locator("mark").allTextContents(), ["long", "shipping", "take"]);
  assert.deepEqual(log.errors, [], "no errors or CSP violations");
  assert.deepEqual(log.warnings, []);
  await page.close();
});

test("the keyboard moves through the answers and opens one", async () => {
  const { page } = await newPage(browser);
  const input = await ask(page, "delivery");
  await page.getByRole("option").nth(1).waitFor({ timeout: 5000 });
  await input.press("ArrowDown");
  assert.equal(await input.getAttribute("aria-activedescendant"), "sa-opt-0");
  await input.press("ArrowDown");
  assert.equal(await input.getAttribute("aria-activedescendant"), "sa-opt-1");
  const second = await page.getByRole("option").nth(1).textContent();
  await input.press("Enter");
  const heading = page.locator("#sa-answer h3");
  assert.equal(await heading.textContent(), second);
  assert.equal(await page.evaluate(() => document.querySelector("[data-shop-answers]").shadowRoot.activeElement.tagName), "H3");
  assert.equal(await page.locator("#sa-opt-1").getAttribute("aria-selected"), "true");
  await input.press("Escape");
  await input.press("Escape");
  assert.equal(await input.inputValue(), "");
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

test("'did this help?' is kept on the shopper's device, announced as an event and posted to the shop", async () => {
  const { page } = await newPage(browser);
  await page.goto(server.url);
  await page.evaluate(() => {
    window.__events = [];
    addEventListener("shop-answers:helpful", (e) => window.__events.push(e.detail));
  });
  await page.getByRole("combobox").fill("paypal");
  await page.locator("#sa-answer").getByRole("button", { name: "Yes" }).click({ timeout: 5000 });
  assert.equal(await page.evaluate(() => localStorage.getItem("shop-answers:helpful:payment-methods")), "yes");
  assert.deepEqual(await page.evaluate(() => window.__events), ["payment-methods"]);
  // shop.toml names the inbox as feedback_endpoint: the vote arrives there once.
  let votes = [];
  for (let i = 0; i < 50 && votes.length === 0; i++) {
    votes = (await inboxMessages(server.url)).filter((m) => m.fields.kind === "feedback");
    if (!votes.length) await page.waitForTimeout(100);
  }
  assert.equal(votes.length, 1);
  assert.deepEqual(
    { entry: votes[0].fields.entry, helpful: votes[0].fields.helpful, query: votes[0].fields.query, page: votes[0].fields.page },
    { entry: "payment-methods", helpful: "yes", query: "paypal", page: "/" },
  );
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

test("a search index damaged behind a valid checksum keeps the contextual answer and the contact path, with one warning", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { crc32 } = await import("node:zlib");
  const dist = mkdtempSync(join(tmpdir(), "sa-index-"));
  cpSync(process.env.SHOP_ANSWERS_DIST || join(ROOT, "dist"), dist, { recursive: true });
  const file = join(dist, readdirSync(dist).find((f) => f.startsWith("bundle.") && f.endsWith(".bin")));
  const b = readFileSync(file);
  // Section table after magic, version, flags, count: (kind, offset, length) × count; kind 2 is
  // TERMS: a varint count, then one shared-prefix byte per term. The first term shares nothing;
  // claim it shares 5 bytes, then reseal the checksum.
  const count = b.readUInt32LE(12);
  let terms = -1;
  for (let i = 0; i < count; i++) if (b.readUInt32LE(16 + 12 * i) === 2) terms = b.readUInt32LE(20 + 12 * i);
  assert.ok(terms > 0);
  let at = terms;
  while (b[at] & 0x80) at++;
  b[at + 1] = 5;
  b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)) >>> 0, b.length - 4);
  writeFileSync(file, b);
  const damaged = await startServer({ dist });
  try {
    const { page, log } = await newPage(browser);
    await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
    await page.goto(damaged.url + "products/ridge-waterproof-jacket");
    await page.evaluate(() => window.ShopAnswers.ready());
    await page.locator("[data-shop-answers-context=product] .delivery").waitFor({ timeout: 5000 });
    const input = page.getByRole("combobox", { name: /delivery, returns/ });
    // No results, and the way to a person instead.
    const status = page.locator("[data-shop-answers] .status");
    for (const q of ["returns", "delivery"]) {
      await input.fill(q);
      await status.getByText("help@alpinethreads.example").waitFor({ timeout: 5000 });
      assert.equal(await page.locator("[data-shop-answers] [role=option]").count(), 0);
      await input.fill("");
    }
    await page.getByLabel("How can we help?").waitFor({ timeout: 5000 });
    await assert.rejects(page.evaluate(() => window.ShopAnswers.search("returns")));
    const ours = log.warnings.filter((w) => w.startsWith("shop-answers:"));
    assert.equal(ours.length, 1, JSON.stringify(log.warnings));
    assert.match(ours[0], /term shares more than its predecessor/);
    assert.deepEqual(log.errors, []);
    await page.close();
  } finally {
    damaged.stop();
  }
});

test("axe-core finds no accessibility violations in the widget", async () => {
  const { readFileSync } = await import("node:fs");
  const axe = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
  const { page } = await newPage(browser);
  await ask(page, "how long does shipping take");
  await page.locator("#sa-answer h3").waitFor({ timeout: 5000 });
  await page.evaluate(axe); // DevTools evaluation: not subject to the page's CSP
  const result = await page.evaluate(async () => {
    const r = await window.axe.run({ include: [["[data-shop-answers]"]] }, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
  assert.deepEqual(result, []);
  await page.close();
});

test("without a slot the widget floats behind a launcher; the JS API opens, closes and reports", async () => {
  const { page, log } = await newPage(browser);
  await page.goto(server.url + "floating.html");
  const launcher = page.getByRole("button", { name: "Questions?" });
  await launcher.waitFor({ timeout: 5000 });
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  assert.equal(await page.getByRole("combobox").count(), 0, "panel hidden until asked");
  await launcher.click();
  const input = page.getByRole("combobox");
  await input.waitFor();
  assert.equal(await launcher.getAttribute("aria-expanded"), "true");
  assert.equal(await page.evaluate(() => document.querySelector("[data-shop-answers]").shadowRoot.activeElement.getAttribute("role")), "combobox");
  await input.press("Escape");
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.querySelector("[data-shop-answers]").shadowRoot.activeElement.className), "launcher");
  // The API: open, listen, search, close.
  await page.evaluate(async () => {
    window.__shown = [];
    window.__off = window.ShopAnswers.on("answer-shown", (id) => window.__shown.push(id));
    await window.ShopAnswers.open();
  });
  await input.fill("change my order");
  await page.locator("#sa-answer h3").waitFor({ timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => window.__shown), ["change-order"]);
  await page.evaluate(() => { window.__off(); return window.ShopAnswers.close(); });
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator("#article").textContent(), "A page with no slot for the widget: it offers itself from a launcher in the corner.");
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("the first contextual answer and the search box need only the first-paint module; the interactive one comes on intent and takes over the same box", async () => {
  const { page, log } = await newPage(browser);
  const held = [];
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route(/widget-search\.[0-9a-f]+\.(js|wasm)$/, async (route) => {
    held.push(route.request().url());
    await gate;
    await route.continue();
  });
  await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
  await page.goto(server.url + "products/ridge-waterproof-jacket");
  // The delivery promise and the search box, drawn while the interactive module is held back.
  await page.locator("[data-shop-answers-context=product] .delivery").waitFor({ timeout: 5000 });
  const input = page.locator("#sa-input");
  await input.waitFor();
  const before = await input.boundingBox();
  // Typing is the intent: the module is asked for (if idle had not asked already).
  await input.fill("returns");
  for (let i = 0; i < 50 && held.length === 0; i++) await page.waitForTimeout(20);
  assert.ok(held.length > 0, "the interactive module is requested on intent");
  assert.equal(await page.locator("[data-shop-answers] [role=option]").count(), 0, "no results before the module is there");
  release();
  // It takes over the box as it is, with what was already typed.
  await page.locator("[data-shop-answers] [role=option]").first().waitFor({ timeout: 5000 });
  assert.deepEqual(await input.boundingBox(), before, "the search box did not move");
  assert.equal(await input.inputValue(), "returns");
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
  await page.close();
});
