// @vitest-environment node
// The extension's date ranges against `shop-answers delivery` on the same bundle, for
// generated (instant, destination, method, SKU or tag or collection) cases: a third of the instants sit within a
// few seconds of a cutoff, a third around local midnight, the rest anywhere in the window
// (Christmas, Easter, the workshop's closure and the DST changes included).
import { expect, test } from "vitest";
import { join } from "node:path";
import { DATA, ORDERS, cli } from "./oracle.js";

// The reader as the build wrote it into the app project.
const { openTable, lookup, productClass, methodNamed, isoDate } = await import(join(ORDERS, "src/promise.js"));

const CASES = Number(process.env.SHOPIFY_DIFF_CASES || 600);

test(`the extension's dates equal shop-answers delivery on ${CASES} generated cases`, () => {
  const table = openTable(DATA.table);
  expect(table).not.toBeNull();
  let seed = 2026;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const { start, end } = DATA.table;
  const dests = [
    { country: "GB" }, { country: "GB", postcode: "SW1A 1AA" }, { country: "GB", postcode: "hs1 2aa" },
    { country: "GB", postcode: "KW15 1AB" }, { country: "GB", postcode: "BT1 1AA" }, { country: "DE" },
    { country: "DE", postcode: "80331" }, { country: "FR", postcode: "75011" }, { country: "NL" },
    { country: "IT" }, { country: "IE" }, { country: "ES" }, { country: "US" },
  ];
  const products = [
    {}, { sku: "AT-RIDGE-JKT" }, { sku: "AT-JUMPER-NAME" }, { sku: "AT-BOOT-WOOL-42" },
    { tags: ["preorder-ss27"] }, { collections: ["blankets"] }, { sku: "AT-JUMPER-NAME", collections: ["Blankets"] },
  ];
  const methods = [undefined, ...DATA.table.methods.map((m) => m.name)];
  const cutoffs = table.cutoffs;
  let dated = 0;
  let refused = 0;
  const mismatches = [];
  for (let i = 0; i < CASES; i++) {
    let t;
    const kind = i % 3;
    if (kind === 0) t = start + rnd(end - start);
    else if (kind === 1) t = cutoffs[rnd(cutoffs.length)] + rnd(5) - 2;
    else t = start + 86400 * rnd(Math.floor((end - start) / 86400)) + rnd(7200) - 3600;
    t = Math.min(Math.max(t, start), end - 1);
    const now = new Date(t * 1000).toISOString().replace(".000", "");
    const dest = dests[rnd(dests.length)];
    const product = products[rnd(products.length)];
    const method = methods[rnd(methods.length)];
    const want = cli({ now, ...dest, ...product, method });
    const m = method ? methodNamed(table, method) : -1;
    const got = lookup(table, t, dest, m, productClass(table, product));
    const mine = got && { min: isoDate(got.earliest), max: isoDate(got.latest), method: got.methodName, zone: got.zoneName };
    const theirs = want && { min: want.min, max: want.max, method: want.method, zone: want.zone };
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) mismatches.push({ now, dest, product, method, mine, theirs });
    if (theirs) dated++;
    else refused++;
  }
  console.log(`differential: ${CASES} cases, ${dated} dated and ${refused} without a promise on both sides, ${mismatches.length} mismatches`);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(dated).toBeGreaterThanOrEqual(Math.floor(CASES / 2));
  expect(refused).toBeGreaterThan(0);
});
