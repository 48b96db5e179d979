// What the tests compare the extension with: `shop-answers delivery` on the same bundle, and
// where the app project and the build live.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CLI = process.env.SHOP_ANSWERS_CLI || join(ROOT, "target/debug/shop-answers");
/** The app project and the build it came from (`make test-shopify` writes both). */
export const APP = resolve(ROOT, process.env.SHOPIFY_APP || "target/shopify-test/app");
export const DIST = resolve(ROOT, process.env.SHOPIFY_DIST || "target/shopify-test/dist");
export const ORDERS = join(APP, "extensions/shop-answers-orders");
export const THEME = join(APP, "extensions/shop-answers-theme");

if (!existsSync(join(ORDERS, "src/shop-answers.json"))) {
  throw new Error(`no app project at ${APP}: run \`make test-shopify\` (or build with --shopify-app ${APP})`);
}

/** The order data the extension was built with. */
export const DATA = JSON.parse(readFileSync(join(ORDERS, "src/shop-answers.json"), "utf8"));

/** `shop-answers delivery` for one case: {min, max, method, zone} (dates as YYYY-MM-DD),
 * or null when it makes no promise (not served, outside the window). */
export function cli({ now, country, region, postcode, sku, tags = [], collections = [], method }) {
  const args = ["delivery", "--bundle", DIST, "--now", now, "--country", country];
  if (region) args.push("--region", region);
  if (postcode) args.push("--postcode", postcode);
  if (sku) args.push("--sku", sku);
  for (const t of tags) args.push("--tag", t);
  for (const c of collections) args.push("--collection", c);
  if (method) args.push("--method", method);
  const r = spawnSync(CLI, args, { encoding: "utf8" });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout);
}

/** Many cases in one process run: the same CLI, one call per case. */
export function cliMany(cases) {
  return cases.map(cli);
}

export function version() {
  return execFileSync(CLI, ["--version"], { encoding: "utf8" }).trim();
}
