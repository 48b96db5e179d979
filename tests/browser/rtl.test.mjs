// Right-to-left: a Hebrew shop on a `dir="rtl"` storefront. The widget mirrors (the launcher
// sits at the inline end, which is the left), searches Hebrew text, and never widens the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launch, newPage, ROOT } from "./harness.mjs";

let server, browser;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "sa-rtl-"));
  cpSync(join(ROOT, "pkg-config"), join(dir, "src"), { recursive: true });
  const shop = join(dir, "src", "shop.toml");
  writeFileSync(shop, readFileSync(shop, "utf8").replace('locale = "en-GB"', 'locale = "he-IL"'));
  writeFileSync(join(dir, "src", "faq", "he.md"), `+++
id = "he-delivery"
question = "מתי תגיע ההזמנה שלי?"
alternatives = ["כמה זמן לוקח המשלוח"]
+++
משלוח רגיל מגיע תוך **3–5 ימי עסקים**.
`);
  execFileSync(`${ROOT}target/debug/shop-answers`, ["build", join(dir, "src"), "--out", join(dir, "dist"), "--widget", join(ROOT, "target/widget")], { stdio: "ignore" });
  const www = join(dir, "www");
  cpSync(join(ROOT, "www/demo"), www, { recursive: true });
  const page = (body) => `<!doctype html>
<html lang="he" dir="rtl">
<head><meta charset="utf-8"><title>חנות</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/demo.css"></head>
<body><main><h1>עזרה</h1>${body}</main><script src="/dist/shop-answers.js" defer></script></body>
</html>`;
  writeFileSync(join(www, "rtl-slot.html"), page('<div data-shop-answers-slot="search"></div>'));
  writeFileSync(join(www, "rtl-floating.html"), page("<p>מאמר</p>"));
  server = await startServer({ dist: join(dir, "dist"), www });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test("in a right-to-left page the widget reads right to left and finds Hebrew answers", async () => {
  const { page, log } = await newPage(browser);
  await page.goto(server.url + "rtl-slot.html");
  const input = page.getByRole("combobox");
  await input.waitFor({ timeout: 5000 });
  assert.equal(await input.evaluate((e) => getComputedStyle(e).direction), "rtl");
  await input.fill("מתי תגיע ההזמנה");
  await page.locator("#sa-answer h3").getByText("מתי תגיע ההזמנה שלי?").waitFor({ timeout: 5000 });
  assert.match(await page.locator("#sa-answer").textContent(), /3–5 ימי עסקים/);
  // Nothing of the widget (the off-screen honeypot included) makes the page scroll sideways.
  await page.getByRole("button", { name: /Contact us|צור קשר/ }).click();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("the floating launcher sits at the inline end: the left edge in right-to-left", async () => {
  const { page } = await newPage(browser);
  await page.goto(server.url + "rtl-floating.html");
  const launcher = page.getByRole("button", { name: /\?/ });
  await launcher.waitFor({ timeout: 5000 });
  const box = await launcher.boundingBox();
  const width = page.viewportSize().width;
  assert.ok(box.x + box.width < width / 2, `launcher at x=${box.x} of ${width}`);
  await launcher.click();
  const panel = await page.getByRole("combobox").boundingBox();
  assert.ok(panel.x < width / 2, `panel at x=${panel.x} of ${width}`);
  await page.close();
});
