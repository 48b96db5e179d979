// Screenshots of the demo storefront for the docs: node scripts/screenshots.mjs
// (after `make dist`; the clock is pinned so the delivery promise is reproducible).
import { startServer, launch } from "../tests/browser/harness.mjs";

const server = await startServer();
const browser = await launch();
const shots = [
  ["products/ridge-waterproof-jacket", "docs/screenshots/product.png", "how do I wash it"],
  ["checkout/order-received", "docs/screenshots/order-confirmation.png", null],
  ["", "docs/screenshots/search.png", "retrun polcy"],
];
try {
  for (const [path, file, query] of shots) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
    await page.goto(server.url + path);
    await page.evaluate(() => window.ShopAnswers.ready());
    if (query) {
      await page.locator("[data-shop-answers] input.search").fill(query);
      await page.locator("#sa-answer h3").waitFor();
    }
    await page.locator("[data-shop-answers-context] details.qa").first().click().catch(() => {});
    await page.screenshot({ path: file, fullPage: true });
    console.log("wrote", file);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
