// The contact form in a real browser against real HTTP: `shop-answers serve`'s inbox, and a
// small node proxy in front of it that can answer the inbox POSTs itself (422, 503).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startServer, launch, newPage, buildDist, inboxMessages } from "./harness.mjs";

let dist, browser;
before(async () => {
  dist = buildDist("min_fill_seconds = 1");
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A same-origin proxy to `target`: POSTs to /inbox get `mode()` answers unless it is "pass". */
function proxy(target, mode) {
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const m = mode();
      if (req.method === "POST" && req.url === "/inbox" && m !== "pass") {
        const status = m === "reject" ? 422 : 503;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "error", error: m === "reject" ? "the email domain does not accept mail" : "try later" }));
        return;
      }
      const headers = { ...req.headers, host: t.host };
      if (headers.origin) headers.origin = t.origin;
      const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on("error", () => res.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() }),
    ),
  );
}

const shadow = (page) => page.locator("[data-shop-answers]");

async function openForm(page, url) {
  await page.goto(url);
  await page.getByRole("combobox").waitFor();
  await page.getByRole("button", { name: "Still need help? Contact us" }).click();
  await page.getByLabel("Your name").waitFor();
}

async function fill(page, { name = "Ann Example", email = "ann@example.com", message = "Where is my parcel?" } = {}) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("How can we help?").fill(message);
  // The form takes no submissions faster than min_fill_seconds (bots).
  await page.waitForTimeout(1100);
}

const status = (page) => shadow(page).locator(".contact-status");

/** The outbox's entries in localStorage (one key per message). */
const outbox = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("shop-answers:outbox:")).map((k) => localStorage.getItem(k)),
  );

async function until(fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a message is delivered once, with its fields, and the page hears contact-sent", async () => {
  const server = await startServer({ dist });
  try {
    const { page, log } = await newPage(browser);
    await openForm(page, server.url);
    await page.evaluate(() => {
      window.sent = [];
      window.ShopAnswers.on("contact-sent", (key) => window.sent.push(key));
    });
    await page.evaluate(() => window.ShopAnswers.contact({ order_number: "AT-1042", product_sku: "JKT-RED-M" }));
    assert.equal(await page.getByLabel("Order number (optional)").inputValue(), "AT-1042");
    await fill(page, { message: "Does the red jacket run small?\nThanks!" });
    await page.getByRole("button", { name: "Send message" }).click();
    await status(page).getByText("Sent — we'll reply within one working day.").waitFor();
    const msgs = await inboxMessages(server.url);
    assert.equal(msgs.length, 1);
    const f = msgs[0].fields;
    assert.equal(f.name, "Ann Example");
    assert.equal(f.email, "ann@example.com");
    assert.equal(f.message, "Does the red jacket run small?\nThanks!");
    assert.equal(f.order_number, "AT-1042");
    assert.equal(f.product_sku, "JKT-RED-M");
    assert.match(f.page_url, /^http:\/\/127\.0\.0\.1/);
    assert.deepEqual(await page.evaluate(() => window.sent), [msgs[0].key]);
    assert.equal(await page.getByLabel("How can we help?").inputValue(), "", "the form is cleared");
    assert.deepEqual(await outbox(page), [], "outbox empty");
    assert.deepEqual(log.errors, []);
    await page.close();
  } finally {
    server.stop();
  }
});

test("invalid input: errors are described, focus goes to the first invalid field, nothing is sent", async () => {
  const server = await startServer({ dist });
  try {
    const { page } = await newPage(browser);
    await openForm(page, server.url);
    assert.equal(await page.evaluate(() => document.querySelector("[data-shop-answers]").shadowRoot.activeElement.id), "sa-f-name");
    await page.waitForTimeout(1100);
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Send message" }).click();
    const name = page.getByLabel("Your name");
    await assert.doesNotReject(until(() => name.evaluate((e) => e.getRootNode().activeElement === e)));
    assert.equal(await name.getAttribute("aria-invalid"), "true");
    const nameErr = await name.getAttribute("aria-describedby");
    assert.equal(await shadow(page).locator(`#${nameErr}`).textContent(), "Please fill in this field.");
    const email = page.getByLabel("Email");
    const emailErr = await email.getAttribute("aria-describedby");
    assert.match(await shadow(page).locator(`#${emailErr}`).textContent(), /email address like/);
    assert.equal(await status(page).textContent(), "Please correct the marked fields.");
    // Fixing the name moves focus to the next invalid field, the email.
    await name.fill("Ann");
    await page.getByLabel("How can we help?").fill("Hello");
    await page.getByRole("button", { name: "Send message" }).click();
    await until(() => email.evaluate((e) => e.getRootNode().activeElement === e));
    assert.equal(await name.getAttribute("aria-invalid"), null);
    assert.equal(await name.getAttribute("aria-describedby"), null);
    assert.equal((await inboxMessages(server.url)).length, 0);
    await page.close();
  } finally {
    server.stop();
  }
});

test("a German shop's form speaks German: labels, field errors and status", async () => {
  const server = await startServer({ dist: buildDist("min_fill_seconds = 1", (t) => t.replace('locale = "en-GB"', 'locale = "de-DE"')) });
  try {
    const { page } = await newPage(browser);
    await page.goto(server.url);
    await page.getByRole("combobox").waitFor();
    await page.getByRole("button", { name: "Noch Fragen? Schreiben Sie uns" }).click();
    const name = page.getByLabel("Ihr Name");
    await name.waitFor();
    await page.waitForTimeout(1100);
    await page.getByLabel("E-Mail").fill("keine-adresse");
    await page.getByRole("button", { name: "Nachricht senden" }).click();
    await until(async () => (await name.getAttribute("aria-invalid")) === "true");
    assert.equal(await shadow(page).locator(`#${await name.getAttribute("aria-describedby")}`).textContent(), "Bitte füllen Sie dieses Feld aus.");
    const email = page.getByLabel("E-Mail");
    assert.equal(await shadow(page).locator(`#${await email.getAttribute("aria-describedby")}`).textContent(), "Geben Sie eine E-Mail-Adresse wie name@example.com ein.");
    assert.equal(await status(page).textContent(), "Bitte korrigieren Sie die markierten Felder.");
    assert.equal(await page.getByLabel("Wie können wir helfen?").count(), 1);
    await page.close();
  } finally {
    server.stop();
  }
});

test("bots: a filled honeypot or a too-fast submission looks sent but sends nothing", async () => {
  const server = await startServer({ dist });
  try {
    const { page } = await newPage(browser);
    await openForm(page, server.url);
    await page.getByLabel("Your name").fill("Bot");
    await page.getByLabel("Email").fill("bot@example.com");
    await page.getByLabel("How can we help?").fill("cheap watches");
    await page.getByRole("button", { name: "Send message" }).click(); // within 1 s of opening
    await status(page).getByText("Sent").waitFor();
    await fill(page);
    await shadow(page).locator("input[name=website]").evaluate((e) => (e.value = "http://spam.example"));
    assert.equal(await shadow(page).locator("input[name=website]").getAttribute("tabindex"), "-1");
    await page.getByRole("button", { name: "Send message" }).click();
    await status(page).getByText("Sent").waitFor();
    await page.waitForTimeout(300);
    assert.equal((await inboxMessages(server.url)).length, 0);
    assert.deepEqual(await outbox(page), []);
    await page.close();
  } finally {
    server.stop();
  }
});

test("a backend answering 422 shows its error and keeps the text", async () => {
  const server = await startServer({ dist });
  const px = await proxy(server.url, () => "reject");
  try {
    const { page } = await newPage(browser);
    await openForm(page, px.url);
    await fill(page, { message: "Please keep this text" });
    await page.getByRole("button", { name: "Send message" }).click();
    await status(page).getByText("We couldn't send your message: HTTP 422").waitFor();
    assert.match(await status(page).textContent(), /does not accept mail/);
    assert.equal(await page.getByLabel("How can we help?").inputValue(), "Please keep this text");
    // Not retried: one failed entry, and nothing in the inbox.
    await page.waitForTimeout(1500);
    const ob = await outbox(page);
    assert.equal(ob.length, 1);
    assert.match(ob[0], /\tF\t1\t/);
    assert.equal((await inboxMessages(server.url)).length, 0);
    await page.close();
  } finally {
    px.stop();
    server.stop();
  }
});

test("offline: saved, then delivered once when back online", async () => {
  const server = await startServer({ dist });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openForm(page, server.url);
    await fill(page, { message: "Sent while offline" });
    await context.setOffline(true);
    await page.getByRole("button", { name: "Send message" }).click();
    await status(page).getByText("Saved, will retry when you're back online.").waitFor();
    assert.match((await outbox(page)).join(), /Sent while offline/);
    assert.equal((await inboxMessages(server.url)).length, 0);
    await context.setOffline(false);
    const msgs = await until(async () => {
      const m = await inboxMessages(server.url);
      return m.length ? m : null;
    });
    assert.equal(msgs[0].fields.message, "Sent while offline");
    await until(async () => (await outbox(page)).length === 0);
    assert.equal((await inboxMessages(server.url)).length, 1);
    await context.close();
  } finally {
    server.stop();
  }
});

test("a reload while a message is pending delivers it after the reload, once", async () => {
  const server = await startServer({ dist });
  let mode = "unavailable";
  const px = await proxy(server.url, () => mode);
  try {
    const { page } = await newPage(browser);
    await openForm(page, px.url);
    await fill(page, { message: "Pending across a reload" });
    await page.getByRole("button", { name: "Send message" }).click();
    await status(page).getByText("Saved — we'll keep trying to send it.").waitFor();
    mode = "pass";
    await page.reload();
    const msgs = await until(async () => {
      const m = await inboxMessages(server.url);
      return m.length ? m : null;
    });
    assert.equal(msgs[0].fields.message, "Pending across a reload");
    await until(async () => (await outbox(page)).length === 0);
    await page.waitForTimeout(500);
    assert.equal((await inboxMessages(server.url)).length, 1);
    await page.close();
  } finally {
    px.stop();
    server.stop();
  }
});

test("a product question goes to the inbox tagged with the product", async () => {
  const server = await startServer({ dist });
  try {
    const { page } = await newPage(browser);
    await page.goto(server.url + "products/ridge-waterproof-jacket");
    const ask = page.locator("[data-shop-answers-context=product]").getByRole("button", { name: "Ask a question about this product" });
    await ask.click({ timeout: 5000 });
    await page.getByLabel("Your name").fill("Robin");
    await page.getByLabel("Email").fill("robin@example.org");
    await page.getByLabel("How can we help?").fill("Does the hood fit over a climbing helmet?");
    await page.waitForTimeout(1100); // min_fill_seconds = 1 in this build
    await page.getByRole("button", { name: "Send message" }).click();
    let messages = [];
    for (let i = 0; i < 50 && messages.length === 0; i++) {
      await page.waitForTimeout(100);
      messages = await inboxMessages(server.url);
    }
    assert.equal(messages.length, 1);
    const f = messages[0].fields;
    assert.equal(f.product_sku, "AT-RIDGE-JKT");
    assert.equal(f.product_name, "Ridge Waterproof Jacket");
    assert.equal(f.message, "Does the hood fit over a climbing helmet?");
    await page.close();
  } finally {
    server.stop();
  }
});
