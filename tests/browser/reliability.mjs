// Reliability run (not a `node --test` file): N messages through the real widget in Chromium
// into `shop-answers serve --faults 0.5`, across page reloads, offline spells, tab closes and a
// second tab; then every message must be in the inbox exactly once with intact content.
//
//   node tests/browser/reliability.mjs            # 1000 messages (make reliability)
//   RELIABILITY_COUNT=60 node tests/browser/reliability.mjs
//
// Env: RELIABILITY_COUNT (1000), RELIABILITY_SEED (fault and disruption seed, 7),
// RELIABILITY_FAULTS (0.5), RELIABILITY_TIMEOUT_S (bound on the whole run; default 60 + N/2).
import { readFileSync } from "node:fs";
import { startServer, launch, buildDist } from "./harness.mjs";

const N = Number(process.env.RELIABILITY_COUNT || 1000);
const SEED = Number(process.env.RELIABILITY_SEED || 7);
const FAULTS = process.env.RELIABILITY_FAULTS || "0.5";
const LIMIT_MS = 1000 * Number(process.env.RELIABILITY_TIMEOUT_S || 60 + N / 2);
const t0 = Date.now();
const deadline = t0 + LIMIT_MS;

// mulberry32: the disruptions are reproducible from the seed.
let s = SEED >>> 0;
const rand = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const expected = (i) => ({
  name: `Shopper ${i}`,
  email: `shopper${i}@example.com`,
  message: `Message ${i}: "quotes" & ampersands = fine, ünïcödé ✓ 🧥\nsecond line; 100% sure? [${"x".repeat(i % 50)}]`,
});

const dist = buildDist("min_fill_seconds = 0");
const server = await startServer({ dist, args: ["--faults", FAULTS, "--fault-seed", String(SEED)] });
const browser = await launch();
const context = await browser.newContext();
const stats = { reloads: 0, offline: 0, closes: 0, secondTabs: 0, savedForRetry: 0 };
let failure = null;

function left() {
  if (Date.now() > deadline) throw new Error(`time bound of ${LIMIT_MS / 1000} s exceeded`);
  return deadline - Date.now();
}

async function openPage() {
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", String(e)));
  await page.goto(server.url);
  await page.getByRole("combobox").waitFor({ timeout: left() });
  await page.getByRole("button", { name: "Still need help? Contact us" }).click();
  return page;
}

async function submit(page, i) {
  const m = expected(i);
  await page.getByLabel("Your name").fill(m.name);
  await page.getByLabel("Email").fill(m.email);
  await page.getByLabel("How can we help?").fill(m.message);
  await page.getByRole("button", { name: "Send message" }).click();
  // The form is free again once the first attempt is over (sent, or saved for retry).
  const st = page.locator("[data-shop-answers] .contact-status");
  const text = await st.evaluate(
    (e, ms) =>
      new Promise((resolve, reject) => {
        const done = () => /^(Sent|Saved|We couldn't)/.test(e.textContent) && resolve(e.textContent);
        if (done()) return;
        const o = new MutationObserver(() => done() && o.disconnect());
        o.observe(e, { childList: true, characterData: true, subtree: true });
        setTimeout(() => reject(new Error("no outcome for a submission within " + ms + " ms: " + e.textContent)), ms);
      }),
    Math.min(60000, left()),
  );
  if (text.startsWith("We couldn't")) throw new Error(`message ${i} refused: ${text}`);
  if (text.startsWith("Saved")) stats.savedForRetry++;
}

async function received() {
  const r = await fetch(new URL("inbox.json", server.url));
  return (await r.json()).messages;
}

try {
  let page = await openPage();
  let i = 0;
  while (i < N) {
    left();
    const r = rand();
    if (i > 0 && r < 0.03) {
      stats.reloads++;
      await page.reload();
      await page.getByRole("combobox").waitFor({ timeout: left() });
      await page.getByRole("button", { name: "Still need help? Contact us" }).click();
    } else if (i > 0 && r < 0.05) {
      // Offline spell: a few messages are written while offline, then the network returns.
      stats.offline++;
      await context.setOffline(true);
      for (let k = 0; k < 1 + Math.floor(rand() * 3) && i < N; k++) await submit(page, i++);
      await context.setOffline(false);
    } else if (i > 0 && r < 0.07) {
      // Close the tab (maybe mid-send) and come back in a new one: the outbox resumes.
      stats.closes++;
      await page.close();
      page = await openPage();
    } else if (i > 0 && r < 0.08) {
      // A second tab of the same shop: both resume the outbox, the lease keeps one sender.
      stats.secondTabs++;
      const other = await openPage();
      await submit(other, i++);
      if (i < N) await submit(page, i++);
      await other.close();
    }
    if (i < N) await submit(page, i++);
    if (i % 100 === 0) console.log(`[reliability] ${i}/${N} submitted, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  // Drain: wait for the outbox to empty; a reload now and then is a page load that retries.
  let lastReload = Date.now();
  for (;;) {
    const waiting = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("shop-answers:outbox:")).length);
    if (waiting === 0) break;
    left();
    if (Date.now() - lastReload > 20000) {
      await page.reload();
      lastReload = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.close();
} catch (e) {
  failure = e;
}

// Check: every message exactly once, content intact. The inbox file is the truth.
const records = readFileSync(server.inbox, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const byIndex = new Map();
let corrupt = 0;
let keysSeen = new Set();
let dupKeys = 0;
for (const r of records) {
  if (keysSeen.has(r.key)) dupKeys++;
  keysSeen.add(r.key);
  const m = /^Message (\d+):/.exec(r.fields.message || "");
  if (!m) {
    corrupt++;
    continue;
  }
  const i = Number(m[1]);
  const want = expected(i);
  if (r.fields.name !== want.name || r.fields.email !== want.email || r.fields.message !== want.message) corrupt++;
  byIndex.set(i, (byIndex.get(i) || 0) + 1);
}
const api = (await received()).length;
let lost = 0;
let duplicates = dupKeys;
for (let i = 0; i < N; i++) {
  const n = byIndex.get(i) || 0;
  if (n === 0) lost++;
  if (n > 1) duplicates += n - 1;
}
const secs = ((Date.now() - t0) / 1000).toFixed(1);
await browser.close().catch(() => {}); // the browser may be the thing that failed
server.stop();
console.log(
  `[reliability] faults ${FAULTS} seed ${SEED}; reloads ${stats.reloads}, offline spells ${stats.offline}, tab closes ${stats.closes}, second tabs ${stats.secondTabs}; ${stats.savedForRetry} submissions saved for retry; ${secs} s; inbox.json lists ${api}`,
);
console.log(`sent ${N}, received ${byIndex.size}, duplicates ${duplicates}, lost ${lost}${corrupt ? `, corrupt ${corrupt}` : ""}`);
if (failure) console.error(`[reliability] FAILED: ${failure.message}`);
process.exit(failure || lost || duplicates || corrupt || byIndex.size !== N ? 1 : 0);
