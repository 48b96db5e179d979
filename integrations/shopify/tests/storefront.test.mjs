// The theme app extension on a storefront: its app embed and product block rendered with
// liquidjs into a Dawn product page, the assets on a CDN of another origin (the .wasm as
// application/octet-stream), then the browser tests of the widget against it in Chromium:
// the delivery promise, the product's Q&A, search, and the contact form into the inbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, newPage, startServer, inboxMessages } from "../../../tests/browser/harness.mjs";
import { THEME, DIST } from "./oracle.js";
import { engine, renderProductPage, PRODUCT } from "./liquid.mjs";
import { startCdn, startShop } from "./servers.mjs";

const DEPLOY = "/extensions/0c2f5a3e-7d41-4b8e-9a65-2f0d9c1b7e44/1.0.0/assets/";
let browser, cdn, inbox, shop, www, html;

before(async () => {
  cdn = await startCdn({ [DEPLOY]: join(THEME, "assets"), "/s/files/1/0600/files/": DIST });
  const cdnHost = cdn.origin.replace(/^http:/, "");
  www = mkdtempSync(join(tmpdir(), "sa-shopify-www-"));
  html = await renderProductPage(engine(THEME, `${cdnHost}${DEPLOY}`), www);
  inbox = await startServer({ dist: DIST });
  // A careful shop's policy: scripts, styles and fetches only from itself and the CDN, wasm
  // compiled, no eval; Dawn's own inline scripts allowed as Shopify themes need them.
  const csp = `default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' ${cdn.origin}; style-src 'self' ${cdn.origin}; connect-src 'self' ${cdn.origin}; img-src 'self' data:`;
  shop = await startShop(www, inbox.url, { csp });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  shop?.stop();
  cdn?.stop();
  inbox?.stop();
});

async function open(path, iso) {
  const { page, log } = await newPage(browser);
  if (iso) await page.clock.setFixedTime(new Date(iso));
  await page.goto(shop.url + path);
  await page.evaluate(() => window.ShopAnswers.ready());
  return { page, log };
}

test("the Liquid puts every asset URL on the CDN through asset_url, none on the shop", () => {
  const tag = html.match(/<script src="([^"]+)" async data-assets="([^"]+)"/);
  assert.ok(tag, "the embed's script tag");
  assert.equal(tag[1], `${cdn.origin.replace(/^http:/, "")}${DEPLOY}shop-answers.js`);
  const unescape = (a) => a.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const assets = JSON.parse(unescape(tag[2]));
  const names = Object.keys(assets);
  assert.ok(names.some((n) => n.endsWith(".wasm")) && names.some((n) => /^bundle\..*\.bin$/.test(n)), names.join(" "));
  for (const [name, url] of Object.entries(assets)) assert.ok(url.startsWith(`//127.0.0.1:`) && url.includes(DEPLOY), `${name} → ${url}`);
  assert.match(html, /data-shop-answers-tags="waterproof,jackets"/);
  assert.match(html, /data-shop-answers-collections="jackets,outerwear"/);
});

test("product page: the delivery promise with its countdown and the product's own Q&A, with the wasm served as octet-stream", async () => {
  const { page, log } = await open(`products/${PRODUCT.handle}`, "2026-11-26T11:50:00Z");
  const slot = page.locator(".shop-answers-product");
  const block = page.locator("[data-shop-answers-context=product]");
  const delivery = block.locator(".delivery");
  await delivery.waitFor({ timeout: 10_000 });
  assert.equal(await delivery.getAttribute("data-from"), "2026-11-28");
  assert.equal(await delivery.getAttribute("data-until"), "2026-12-01");
  assert.match(await delivery.textContent(), /^Order within 2 h 10 min to get it /);
  assert.equal(await slot.locator("[data-shop-answers-context=product]").count(), 1, "in the app block, under the buy buttons");
  const questions = await block.locator("details.qa summary").allTextContents();
  assert.equal(questions[0], "How do I wash my waterproof jacket?", "the product's own Q&A first (its tag, from the block)");
  const ctx = await page.evaluate(() => window.ShopAnswers.context());
  assert.equal(ctx.page_type, "product");
  assert.equal(ctx.platform, "shopify");
  assert.equal(ctx.product.sku, "AT-RIDGE-JKT");
  const wasm = cdn.log.filter((r) => r.name && r.name.endsWith(".wasm"));
  assert.ok(wasm.length >= 1 && wasm.every((r) => r.type === "application/octet-stream" && r.status === 200), JSON.stringify(wasm));
  assert.ok(cdn.log.some((r) => /^bundle\..*\.bin\.json$/.test(r.name || "")), "the bundle came as its JSON asset");
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, [], "the fallback from streaming compilation is silent");
  await page.close();
});

test("search in the product block: typos and half-typed words find the answer", async () => {
  const { page } = await open(`products/${PRODUCT.handle}`);
  // The search box, in the block's search slot (the delivery block has a country picker too).
  const input = page.locator(".shop-answers-search input[role=combobox]");
  await input.fill("retrun polic");
  await page.locator(".shop-answers-search").getByRole("option").first().getByText("What is your return policy?").waitFor({ timeout: 5000 });
  const hits = await page.evaluate(() => window.ShopAnswers.search("can i pay with paypal"));
  assert.equal(hits[0].id, "payment-methods");
  await page.close();
});

test("the contact form delivers a message to the shop's inbox, once", async () => {
  const { page, log } = await open(`products/${PRODUCT.handle}`);
  await page.getByRole("button", { name: "Still need help? Contact us" }).click();
  await page.getByLabel("Your name").fill("Ann Example");
  await page.getByLabel("Email").fill("ann@example.com");
  await page.getByLabel("How can we help?").fill("Does the Ridge jacket run small?");
  // The example shop takes no submission faster than 3 s (bots).
  await page.waitForTimeout(3200);
  await page.getByRole("button", { name: "Send message" }).click();
  await page.locator("[data-shop-answers]").locator(".contact-status").getByText("Sent — we'll reply within one working day.").waitFor({ timeout: 15_000 });
  const msgs = await inboxMessages(inbox.url);
  assert.equal(msgs.length, 1);
  assert.equal(msgs[0].fields.message, "Does the Ridge jacket run small?");
  assert.match(msgs[0].fields.page_url, new RegExp(`^${shop.url}products/`));
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("the embed's bundle setting loads a bundle from the shop's Files instead (binary, another path)", async () => {
  const files = mkdtempSync(join(tmpdir(), "sa-shopify-files-"));
  const { readdirSync } = await import("node:fs");
  const bin = readdirSync(DIST).find((f) => /^bundle\..*\.bin$/.test(f));
  const cdnHost = cdn.origin.replace(/^http:/, "");
  await renderProductPage(engine(THEME, `${cdnHost}${DEPLOY}`), files, { embed: { bundle_url: `${cdn.origin}/s/files/1/0600/files/${bin}?v=1700000000` } });
  const other = await startShop(files, inbox.url);
  try {
    const { page, log } = await newPage(browser);
    await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
    await page.goto(`${other.url}products/${PRODUCT.handle}`);
    await page.evaluate(() => window.ShopAnswers.ready());
    await page.locator("[data-shop-answers-context=product] .delivery").waitFor({ timeout: 10_000 });
    assert.ok(cdn.log.some((r) => r.path.startsWith("/s/files/") && r.name === bin && r.status === 200));
    assert.deepEqual(log.warnings, []);
    await page.close();
  } finally {
    other.stop();
  }
});
