// The widget reads the page and answers in context, with the clock pinned in the browser
// (the engine itself takes the time as an argument; nothing is mocked inside it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, newPage, buildDistWithDelivery } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(path, isoTime) {
  const { page, log } = await newPage(browser);
  await page.clock.setFixedTime(new Date(isoTime));
  await page.goto(server.url + path);
  await page.evaluate(() => window.ShopAnswers.ready());
  return { page, log };
}

test("product page: its own Q&A, general answers and the delivery promise with a countdown", async () => {
  // Thu 26 Nov 2026 11:50 UTC = 11:50 in London: 2 h 10 min before the 14:00 cutoff.
  const { page, log } = await open("products/ridge-waterproof-jacket", "2026-11-26T11:50:00Z");
  const block = page.locator("[data-shop-answers-context=product]");
  const delivery = block.locator(".delivery");
  await delivery.waitFor({ timeout: 5000 });
  // Ships today (handling 0–1), Royal-Mail-like 2–3 days Mon–Sat: Sat 28 Nov – Tue 1 Dec.
  assert.equal(await delivery.getAttribute("data-from"), "2026-11-28");
  assert.equal(await delivery.getAttribute("data-until"), "2026-12-01");
  const sentence = await delivery.textContent();
  assert.match(sentence, /^Order within 2 h 10 min to get it /);
  assert.match(sentence, /28/);
  // Without a choice the block says which country it assumes, with a way to change it.
  assert.equal(await block.locator("details.dest summary").textContent(), "Delivery to United Kingdom · change");
  const questions = await block.locator("details.qa summary").allTextContents();
  assert.equal(questions[0], "How do I wash my waterproof jacket?", "the product's own Q&A first (tag waterproof)");
  assert.ok(questions.includes("How do I find my size?"), questions.join(" | "));
  // Native disclosure: open with the keyboard.
  await block.locator("details.qa summary").first().focus();
  await page.keyboard.press("Enter");
  assert.equal(await block.locator("details.qa").first().getAttribute("open"), "");
  const ctx = await page.evaluate(() => window.ShopAnswers.context());
  assert.equal(ctx.page_type, "product");
  assert.equal(ctx.product.sku, "AT-RIDGE-JKT");
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("dates and country names from Intl are remembered for the shopper's next page, and a damaged store is ignored", async () => {
  const { page, log } = await open("products/ridge-waterproof-jacket", "2026-11-26T11:50:00Z");
  const delivery = page.locator("[data-shop-answers-context=product] .delivery");
  await delivery.waitFor({ timeout: 5000 });
  const sentence = await delivery.textContent();
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("shop-answers:intl")));
  const dateKey = Object.keys(stored).find((k) => k.startsWith("d|"));
  assert.ok(dateKey, JSON.stringify(stored));
  assert.ok(sentence.includes(stored[dateKey]), `${sentence} / ${stored[dateKey]}`);
  assert.equal(stored[Object.keys(stored).find((k) => k.startsWith("r|GB|"))], "United Kingdom");
  // The next page shows what was remembered (a marker proves it is read, not remade).
  await page.evaluate((k) => {
    const s = JSON.parse(localStorage.getItem("shop-answers:intl"));
    s[k] = "REMEMBERED";
    localStorage.setItem("shop-answers:intl", JSON.stringify(s));
  }, dateKey);
  await page.reload();
  await page.evaluate(() => window.ShopAnswers.ready());
  await delivery.waitFor({ timeout: 5000 });
  assert.match(await delivery.textContent(), /to get it REMEMBERED/);
  // Garbage in the store: the widget formats afresh and stores a sound copy.
  await page.evaluate(() => localStorage.setItem("shop-answers:intl", "{not json"));
  await page.reload();
  await page.evaluate(() => window.ShopAnswers.ready());
  await delivery.waitFor({ timeout: 5000 });
  assert.equal(await delivery.textContent(), sentence);
  assert.ok(JSON.parse(await page.evaluate(() => localStorage.getItem("shop-answers:intl")))[dateKey]);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("destination picker: an EU country re-plans with EU Standard and survives a reload", async () => {
  const { page, log } = await open("products/ridge-waterproof-jacket", "2026-11-26T11:50:00Z");
  const block = page.locator("[data-shop-answers-context=product]");
  await block.locator(".delivery").waitFor({ timeout: 5000 });
  const picker = block.locator("details.dest");
  await picker.locator("summary").click();
  const select = picker.getByLabel("Country");
  assert.equal(await select.inputValue(), "GB");
  const countries = await select.locator("option").evaluateAll((os) => os.map((o) => o.value));
  assert.equal(countries.length, 28, "the UK and the 27 EU countries of the example shop");
  assert.ok(countries.includes("DE") && !countries.includes("US"));
  await select.selectOption("DE");
  // Ships Thu 26 – Fri 27 Nov (handling 0–1, before the 14:00 cutoff); EU Standard 3–6
  // carrier days Mon–Fri, no German public holiday in between: Tue 1 Dec – Mon 7 Dec.
  const delivery = page.locator("[data-shop-answers-context=product] .delivery");
  await page.waitForFunction(() => {
    const h = document.querySelector("[data-shop-answers-context=product]");
    return h?.shadowRoot?.querySelector(".delivery")?.getAttribute("data-from") === "2026-12-01";
  });
  assert.equal(await delivery.getAttribute("data-until"), "2026-12-07");
  assert.match(await page.locator("[data-shop-answers-context=product] details.dest summary").textContent(), /^Delivery to Germany/);
  assert.equal(await page.evaluate(() => localStorage.getItem("shop-answers:destination")), "DE||");
  assert.equal(await page.locator("[data-shop-answers-context]").count(), 1, "redrawn, not duplicated");
  // The keyboard stays on the picker after the redraw.
  assert.equal(await page.evaluate(() => document.querySelector("[data-shop-answers-context=product]").shadowRoot.activeElement?.tagName), "SELECT");
  // schema.org shipping details for the promised method, exactly once.
  const scripts = await page.evaluate(() =>
    [...document.head.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent)).filter((j) => j["@type"] === "OfferShippingDetails"));
  assert.equal(scripts.length, 1);
  assert.equal(scripts[0].shippingDestination.addressCountry, "DE");
  assert.equal(scripts[0].deliveryTime.transitTime.minValue, 3);
  assert.equal(scripts[0].deliveryTime.transitTime.maxValue, 6);
  assert.equal(scripts[0].deliveryTime.cutoffTime, "14:00:00+00:00");
  // The choice is kept on the device.
  await page.reload();
  await page.evaluate(() => window.ShopAnswers.ready());
  await delivery.waitFor({ timeout: 5000 });
  assert.equal(await delivery.getAttribute("data-from"), "2026-12-01");
  assert.equal(await delivery.getAttribute("data-until"), "2026-12-07");
  await page.evaluate(() => window.ShopAnswers.refresh());
  assert.equal(await page.evaluate(() => document.head.querySelectorAll('script[type="application/ld+json"][data-shop-answers]').length), 1);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("a [[notices]] entry and the Christmas order-by date show above the delivery line on their days only", async () => {
  const dist = buildDistWithDelivery(
    '[[notices]]\ntext = "Orders after 18 Dec arrive after Christmas"\nfrom = "2026-12-01"\nuntil = "2026-12-18"\npages = ["product"]\n');
  const own = await startServer({ dist });
  try {
    for (const [when, shown] of [["2026-12-02T10:00:00Z", true], ["2026-11-26T11:50:00Z", false]]) {
      const { page, log } = await newPage(browser);
      await page.clock.setFixedTime(new Date(when));
      await page.goto(own.url + "products/ridge-waterproof-jacket");
      await page.evaluate(() => window.ShopAnswers.ready());
      const block = page.locator("[data-shop-answers-context=product]");
      await block.locator(".delivery").waitFor({ timeout: 5000 });
      const notes = await block.locator("p.notice").allTextContents();
      if (shown) {
        // The shop's notice, then the computed Christmas date (UK Standard: Fri 18 Dec), both
        // above the delivery line.
        assert.equal(notes.length, 2, notes.join(" | "));
        assert.equal(notes[0], "Orders after 18 Dec arrive after Christmas");
        assert.match(notes[1], /^Order by .*18.* for delivery before Christmas$/);
        assert.equal(await block.locator("p.notice[data-order-by]").getAttribute("data-order-by"), "2026-12-18");
        const order = await block.locator("p.notice, p.delivery").evaluateAll((ps) => ps.map((p) => p.className));
        assert.deepEqual(order, ["notice", "notice", "delivery"]);
      } else {
        assert.deepEqual(notes, [], when);
      }
      assert.deepEqual(log.errors, []);
      await page.close();
    }
  } finally {
    own.stop();
  }
});

test("after the cutoff the promise moves a day and the countdown points at tomorrow's cutoff", async () => {
  const { page } = await open("products/ridge-waterproof-jacket", "2026-11-26T14:00:00Z");
  const delivery = page.locator("[data-shop-answers-context=product] .delivery");
  await delivery.waitFor({ timeout: 5000 });
  assert.equal(await delivery.getAttribute("data-from"), "2026-11-30");
  // Day 0 is Fri 27; ships Fri 27 – Mon 30; 2–3 carrier days (Mon–Sat): Mon 30 Nov – Thu 3 Dec.
  assert.equal(await delivery.getAttribute("data-until"), "2026-12-03");
  assert.match(await delivery.textContent(), /^Order within 24 h 0 min|^Order now to get it/);
  await page.close();
});

test("order confirmation: estimated delivery for the order's address and after-purchase answers", async () => {
  const { page, log } = await open("checkout/order-received", "2026-11-26T11:50:00Z");
  const block = page.locator("[data-shop-answers-context=order_confirmation]");
  const delivery = block.locator(".delivery");
  await delivery.waitFor({ timeout: 5000 });
  assert.equal(await delivery.getAttribute("data-from"), "2026-11-28");
  assert.equal(await delivery.getAttribute("data-until"), "2026-12-01");
  assert.match(await delivery.textContent(), /^Estimated delivery: /);
  const questions = await block.locator("details.qa summary").allTextContents();
  assert.deepEqual(questions.sort(), ["Can I change or cancel my order?", "What is your return policy?", "Where is my order?"]);
  // The order summary is in view: the block floats over the corner rather than pushing the
  // page down (no layout shift)...
  assert.equal(await page.evaluate(() => document.querySelector("[data-shop-answers-context]").getAttribute("data-floating")), "card");
  // ...and takes its place right after the summary once the summary is out of view.
  await page.evaluate(() => {
    const spacer = document.createElement("div");
    spacer.style.height = "300vh";
    document.body.append(spacer);
    window.scrollTo(0, document.body.scrollHeight);
  });
  await page.waitForFunction(() => !document.querySelector("[data-shop-answers-context]").hasAttribute("data-floating"), null, { timeout: 5000 });
  const placed = await page.evaluate(() => document.querySelector("[data-shop-answers-context]").previousElementSibling.className);
  assert.match(placed, /woocommerce-order-overview/);
  const ctx = await page.evaluate(() => window.ShopAnswers.context());
  assert.equal(ctx.order.number, "10482");
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("setContext outranks the markup and refresh() re-reads the page", async () => {
  const { page } = await open("", "2026-11-26T11:50:00Z");
  assert.equal((await page.evaluate(() => window.ShopAnswers.context())).page_type, "other");
  assert.equal(await page.locator("[data-shop-answers-context]").count(), 0, "no contextual block on a help page");
  await page.evaluate(() => window.ShopAnswers.setContext({ page_type: "order_confirmation", order_number: "A-77", country: "GB" }));
  const ctx = await page.evaluate(() => window.ShopAnswers.context());
  assert.equal(ctx.page_type, "order_confirmation");
  assert.equal(ctx.order.number, "A-77");
  await page.close();
});

test("no promise is shown silently: outside the bundle's window and for countries not served, the page says so", async () => {
  const stale = await open("products/ridge-waterproof-jacket", "2029-03-01T10:00:00Z");
  const note = stale.page.locator("[data-shop-answers-context=product] .delivery.unavailable");
  await note.waitFor({ timeout: 5000 });
  assert.match(await note.textContent(), /can't be shown right now/);
  assert.equal(await stale.page.locator("[data-shop-answers-context=product] .delivery[data-from]").count(), 0);
  await stale.page.close();

  const { page } = await newPage(browser);
  await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
  await page.addInitScript(() => localStorage.setItem("shop-answers:destination", "US||"));
  await page.goto(server.url + "products/ridge-waterproof-jacket");
  const us = page.locator("[data-shop-answers-context=product] .delivery.unavailable");
  await us.waitFor({ timeout: 5000 });
  assert.equal(await us.textContent(), "We don't deliver to United States yet.");
  assert.ok(await page.locator("[data-shop-answers-context=product] select").count() === 1, "the picker stays, to choose another country");
  await page.close();
});
