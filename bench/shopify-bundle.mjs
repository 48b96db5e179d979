// Where a Shopify shop's bundle should live, measured: what each place costs the first
// contextual answer on the Dawn product page the theme extension renders into (liquidjs,
// integrations/shopify/tests/liquid.mjs), cold cache, the CDN on another origin with a fixed
// delay per response standing in for its round trip.
//   json asset  — bundle.<hash>.bin.json in the theme extension's assets, base64 in JSON
//                 (what `build --shopify-app` writes; the loader decodes it);
//   metafield   — the bytes in an app-owned metafield, rendered by Liquid into the page
//                 itself (here a data: URL on the embed's script tag), so no request at all;
//   Files       — the binary bundle uploaded to the shop's Files, one more CDN request.
// Prints, per bundle size, the bytes each place adds and the median time from navigation
// start to the delivery promise on screen. Asserts nothing about time.
//   node bench/shopify-bundle.mjs            (after `make widget` and the CLI)
//   BENCH_SMOKE=1 node bench/shopify-bundle.mjs   # one load each: checks the harness
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "../tests/browser/harness.mjs";
import { engine, renderProductPage, PRODUCT } from "../integrations/shopify/tests/liquid.mjs";
import { startCdn, startShop } from "../integrations/shopify/tests/servers.mjs";
import { CLI, ROOT, SMOKE, WIDGET } from "./common.mjs";

const RUNS = Number(process.env.RUNS || (SMOKE ? 1 : 9));
const DELAY = Number(process.env.CDN_DELAY_MS || 20);
const SIZES = SMOKE ? [0] : [0, 1000];
const DEPLOY = "/extensions/00000000-0000-4000-8000-000000000000/1.0.0/assets/";
const METAFIELD_LIMIT = 128 * 1024;

function build(extra) {
  const dir = mkdtempSync(join(tmpdir(), "sa-shopify-bench-"));
  cpSync(join(ROOT, "pkg-config"), join(dir, "src"), { recursive: true });
  if (extra > 0) writeFileSync(join(dir, "src", "catalog.jsonl"), execFileSync(CLI, ["synth", "--entries", String(extra)]));
  execFileSync(CLI, ["build", join(dir, "src"), "--out", join(dir, "dist"), "--widget", WIDGET, "--valid-from", "2026-11-01", "--shopify-app", join(dir, "app")], { stdio: "ignore" });
  return dir;
}

async function firstAnswer(browser, url) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const host = document.querySelector("[data-shop-answers-context=product]");
      if (host && host.shadowRoot ? host.shadowRoot.querySelector(".delivery") : host && host.querySelector(".delivery")) {
        window.__firstAnswer = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.locator("[data-shop-answers-context=product] .delivery").waitFor({ timeout: 15000 });
  await page.waitForFunction(() => window.__firstAnswer, null, { timeout: 5000 }).catch(() => {});
  const ms = await page.evaluate(() => window.__firstAnswer || performance.now());
  await ctx.close();
  return ms;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const browser = await launch();
const rows = [];
try {
  for (const extra of SIZES) {
    const dir = build(extra);
    const theme = join(dir, "app/extensions/shop-answers-theme");
    const bin = readdirSync(join(dir, "dist")).find((f) => /^bundle\..*\.bin$/.test(f));
    const raw = readFileSync(join(dir, "dist", bin));
    const json = readFileSync(join(theme, "assets", `${bin}.json`));
    const cdn = await startCdn({ [DEPLOY]: join(theme, "assets"), "/s/files/1/0600/files/": join(dir, "dist") }, { delayMs: DELAY });
    const host = cdn.origin.replace(/^http:/, "");
    const places = {
      "json asset": {},
      metafield: { bundle_url: `data:application/octet-stream;base64,${raw.toString("base64")}` },
      Files: { bundle_url: `${cdn.origin}/s/files/1/0600/files/${bin}?v=1` },
    };
    const sites = {};
    for (const [name, embed] of Object.entries(places)) {
      const www = mkdtempSync(join(tmpdir(), "sa-shopify-bench-www-"));
      const html = await renderProductPage(engine(theme, `${host}${DEPLOY}`), www, { embed });
      sites[name] = { shop: await startShop(www, "http://127.0.0.1:9/"), html: Buffer.byteLength(html), htmlGzip: gzipSync(html).length, times: [] };
    }
    // Alternate the places load by load, so drift on this machine hits them alike.
    for (let r = 0; r < RUNS; r++) {
      for (const [name, s] of Object.entries(sites)) s.times.push(await firstAnswer(browser, `${s.shop.url}products/${PRODUCT.handle}`));
    }
    const entries = extra + 10;
    const base = sites["json asset"];
    for (const [name, s] of Object.entries(sites)) {
      const extraBytes = name === "json asset" ? gzipSync(json).length : name === "Files" ? gzipSync(raw).length : s.htmlGzip - base.htmlGzip;
      rows.push({
        entries,
        place: name,
        bundle: raw.length,
        gzip: extraBytes,
        fits: name === "metafield" ? (Buffer.byteLength(JSON.stringify(raw.toString("base64"))) <= METAFIELD_LIMIT ? "yes" : "no") : "-",
        ms: median(s.times),
        where: name === "metafield" ? "in every page's HTML" : "one CDN request, cached",
      });
      s.shop.stop();
    }
    cdn.stop();
  }
} finally {
  await browser.close();
}
console.log(`Shopify bundle placement: first contextual answer, median of ${RUNS} cold loads, CDN delay ${DELAY} ms per response`);
console.log("entries | place      | bundle B | adds B gzip | fits a 128 KB metafield | ms to first answer | bytes go");
for (const r of rows) {
  console.log(`${String(r.entries).padStart(7)} | ${r.place.padEnd(10)} | ${String(r.bundle).padStart(8)} | ${String(r.gzip).padStart(11)} | ${r.fits.padEnd(23)} | ${r.ms.toFixed(1).padStart(8)} | ${r.where}`);
}
