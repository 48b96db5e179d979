// The Thank you and Order status blocks rendered by Shopify's own extension tester for many
// orders: methods chosen by rate title, countries with and without protected address data,
// SKUs with lead times, preorders found by tag, times around the cutoff and the holidays.
// Every expected date comes from `shop-answers delivery` on the same bundle, and a few
// worked out by hand (docs/delivery.md) pin the oracle itself.
import { getExtension } from "@shopify/ui-extensions-tester";
import { createCartLine, createShippingOption, createPickupLocationOption } from "@shopify/ui-extensions-tester/checkout";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { ORDERS, DATA, cli } from "./oracle.js";

const thankYou = getExtension("purchase.thank-you.block.render", { configSearchDir: ORDERS });
const orderStatus = getExtension("customer-account.order-status.block.render", { configSearchDir: ORDERS });

const STOREFRONT = "https://alpine-threads.example";

/** The mock i18n prints dates as ISO strings; this is how a day appears in the block. */
const shown = (iso) => `${iso}T00:00:00.000Z`;

function line(n, { sku, title = `Item ${n}`, product = `gid://shopify/Product/${n}`, shipping = true } = {}) {
  return createCartLine({
    id: `gid://shopify/CartLine/${n}`,
    merchandise: {
      type: "variant",
      id: `gid://shopify/ProductVariant/${n}`,
      title,
      sku,
      selectedOptions: [],
      product: { id: product, vendor: "Alpine Threads", productType: "" },
      requiresShipping: shipping,
    },
  });
}

function group(lines, option) {
  return {
    id: undefined,
    groupType: "oneTimePurchase",
    isDeliveryRequired: true,
    targetedCartLines: lines.map((l) => ({ id: l.id })),
    deliveryOptions: [option],
    selectedDeliveryOption: { handle: option.handle },
  };
}

const rate = (title) => createShippingOption({ handle: `rate-${title}`, title, code: title.toUpperCase() });

/** The app has protected customer data access (level 2): the address property exists. The
 * tester's proxy refuses new properties by assignment, as a host without access would. */
function withAddress(address) {
  Object.defineProperty(globalThis.shopify, "shippingAddress", { value: { value: address }, configurable: true, enumerable: true, writable: true });
}

function body() {
  return document.body.textContent.replace(/\s+/g, " ");
}

/** Dates and label of each promise line, as rendered. */
function promisesShown() {
  const strong = [...document.body.querySelectorAll("s-text[type=strong]")].map((e) => e.textContent);
  return strong.filter((t) => t.startsWith("Estimated delivery:"));
}

describe("Thank you page", () => {
  beforeEach(() => {
    thankYou.setUp();
    thankYou.shopify.shop.storefrontUrl = STOREFRONT;
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
    thankYou.tearDown();
  });

  async function render({ now, country, address, lines, option, facts }) {
    vi.setSystemTime(new Date(now));
    const s = thankYou.shopify;
    s.localization.country.value = country ? { isoCode: country } : undefined;
    if (address) withAddress(address);
    s.lines.value = lines;
    s.deliveryGroups.value = option === null ? [] : [group(lines, option)];
    if (facts) s.query = vi.fn(async () => ({ data: { nodes: facts } }));
    await thankYou.render();
  }

  test("a UK order before the cutoff: the promise worked out by hand, and the post-purchase answers", async () => {
    await render({ now: "2026-11-26T11:50:00Z", country: "GB", lines: [line(1, { sku: "AT-RIDGE-JKT" })], option: rate("Standard") });
    // docs/delivery.md: handling 0–1 from Thu 26 Nov, Standard Mon–Sat 2–3 days → Sat 28 Nov – Tue 1 Dec.
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown("2026-11-28")} – ${shown("2026-12-01")}`]);
    expect(body()).toContain("Standard, UK");
    expect(document.body.querySelector("s-heading").textContent).toBe(DATA.texts.title);
    for (const a of DATA.answers) expect(body()).toContain(a.question);
    const links = [...document.body.querySelectorAll("s-link")].map((l) => l.getAttribute("href"));
    expect(links).toContain(`${STOREFRONT}/pages/order-status`);
    expect(links).toContain("mailto:help@alpinethreads.example");
  });

  test("at the cutoff instant the promise moves on, as the engine says", async () => {
    const want = cli({ now: "2026-11-26T14:00:00Z", country: "GB" });
    await render({ now: "2026-11-26T14:00:00Z", country: "GB", lines: [line(1)], option: rate("Standard") });
    // Handled from Fri 27 Nov, dispatched Fri–Mon; Mon–Sat carrier: Mon 30 Nov – Thu 3 Dec.
    expect(want).toMatchObject({ min: "2026-11-30", max: "2026-12-03" });
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
  });

  test("lines with different lead times are promised apart, each with its own titles", async () => {
    const now = "2026-12-02T09:00:00Z";
    const lines = [line(1, { sku: "AT-RIDGE-JKT", title: "Ridge jacket" }), line(2, { sku: "AT-JUMPER-NAME", title: "Name jumper" }), line(3, { sku: "AT-BOOT-WOOL-42", title: "Wool boots" })];
    await render({ now, country: "GB", lines, option: rate("Standard") });
    const want = ["AT-RIDGE-JKT", "AT-JUMPER-NAME", "AT-BOOT-WOOL-42"].map((sku) => cli({ now, country: "GB", sku, method: "Standard" }));
    expect(promisesShown()).toEqual(want.map((w) => `Estimated delivery: ${shown(w.min)} – ${shown(w.max)}`));
    expect(body()).toContain("Name jumper · Standard, UK");
    expect(body()).toContain("Wool boots · Standard, UK");
  });

  test("the shipping address (protected data) picks the postcode zone; without it the country decides", async () => {
    const now = "2027-02-10T10:00:00Z";
    const address = { countryCode: "GB", zip: "HS1 2AA" };
    await render({ now, country: "GB", address, lines: [line(1)], option: rate("Standard") });
    const highlands = cli({ now, country: "GB", postcode: "HS1 2AA", method: "Standard" });
    expect(highlands.zone).toBe("Highlands & Islands");
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(highlands.min)} – ${shown(highlands.max)}`]);
    thankYou.tearDown();
    thankYou.setUp();
    await render({ now, country: "GB", lines: [line(1)], option: rate("Standard") });
    const uk = cli({ now, country: "GB", method: "Standard" });
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(uk.min)} – ${shown(uk.max)}`]);
    expect(uk.max < highlands.max).toBe(true);
  });

  test("a rate is matched by its title in any case; an EU country gets its own holidays", async () => {
    const now = "2026-12-30T16:30:00Z";
    await render({ now, country: "DE", address: { countryCode: "DE", zip: "80331" }, lines: [line(1)], option: rate("eu standard") });
    const want = cli({ now, country: "DE", postcode: "80331", method: "EU Standard" });
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
    expect(body()).toContain("EU Standard, EU");
  });

  test("Express by name, around Christmas and the workshop's closure", async () => {
    for (const now of ["2026-12-22T13:59:59Z", "2026-12-23T10:00:00Z", "2026-12-31T12:00:00Z"]) {
      thankYou.tearDown();
      thankYou.setUp();
      await render({ now, country: "GB", lines: [line(1)], option: rate("Express") });
      const want = cli({ now, country: "GB", method: "Express" });
      expect(promisesShown(), now).toEqual([want.min === want.max ? `Estimated delivery: ${shown(want.min)}` : `Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
    }
  });

  test("a preorder found by its tag through the Storefront API ships from its release date", async () => {
    const now = "2027-01-12T08:00:00Z";
    const facts = [{ id: "gid://shopify/Product/7", tags: ["Preorder-SS27"], collections: { nodes: [] } }];
    await render({ now, country: "GB", lines: [line(7)], option: rate("Standard"), facts });
    const want = cli({ now, country: "GB", tags: ["preorder-ss27"], method: "Standard" });
    expect(want.min >= "2027-03-01").toBe(true);
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
    expect(thankYou.shopify.query).toHaveBeenCalledTimes(1);
  });

  test("a country no method serves gets the shop's sentence, and still the answers", async () => {
    await render({ now: "2026-11-26T11:50:00Z", country: "US", lines: [line(1)], option: rate("Standard") });
    expect(promisesShown()).toEqual([]);
    expect(body()).toContain(DATA.texts.not_served.replace("{country}", "US"));
    expect(body()).toContain(DATA.answers[0].question);
  });

  test("a pickup order has no delivery date", async () => {
    const pickup = createPickupLocationOption({ handle: "pickup-1", title: "Shop counter" });
    await render({ now: "2026-11-26T11:50:00Z", country: "GB", lines: [line(1)], option: pickup });
    expect(pickup.type).not.toBe("shipping");
    expect(promisesShown()).toEqual([]);
    expect(body()).toContain(DATA.answers[0].question);
  });

  test("an unknown rate title gets the first method that serves the address, like product pages", async () => {
    const now = "2026-11-27T10:00:00Z";
    await render({ now, country: "FR", lines: [line(1)], option: rate("Colissimo") });
    const want = cli({ now, country: "FR" });
    expect(want.method).toBe("EU Standard");
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
  });

  test("a reload keeps the order's own time, kept in the extension's storage", async () => {
    await render({ now: "2026-11-26T11:50:00Z", country: "GB", lines: [line(1)], option: rate("Standard") });
    const first = promisesShown();
    vi.setSystemTime(new Date("2026-11-27T18:00:00Z"));
    await thankYou.render();
    expect(promisesShown()).toEqual(first);
    expect(await thankYou.shopify.storage.read("placed:gid://shopify/Order/1")).toBe(Date.parse("2026-11-26T11:50:00Z"));
  });

  test("after the table's window it says dates are unavailable instead of guessing", async () => {
    await render({ now: "2029-01-10T10:00:00Z", country: "GB", lines: [line(1)], option: rate("Standard") });
    expect(promisesShown()).toEqual([]);
    expect(body()).toContain(DATA.texts.unavailable);
  });

  test("forty generated orders: each block shows what the engine promises", async () => {
    let seed = 42;
    const rnd = (n) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const start = Date.parse("2026-11-02T00:00:00Z");
    const dests = [["GB", null], ["GB", "KW15 1AB"], ["DE", null], ["NL", "1012 AB"], ["IT", null]];
    const skus = [undefined, "AT-JUMPER-NAME", "AT-BOOT-WOOL-42"];
    const methods = ["Standard", "Express", "EU Standard", "Courier"];
    let dated = 0;
    for (let i = 0; i < 40; i++) {
      thankYou.tearDown();
      thankYou.setUp();
      const now = new Date(start + rnd(540) * 86400000 + rnd(1440) * 60000).toISOString().replace(".000", "");
      const [country, zip] = dests[rnd(dests.length)];
      const sku = skus[rnd(skus.length)];
      const m = methods[rnd(methods.length)];
      await render({ now, country, address: zip ? { countryCode: country, zip } : undefined, lines: [line(1, { sku })], option: rate(m) });
      const known = m !== "Courier";
      const want = cli({ now, country, postcode: zip || undefined, sku, method: known ? m : undefined });
      if (want) dated++;
      const expected = want ? [want.min === want.max ? `Estimated delivery: ${shown(want.min)}` : `Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`] : [];
      expect(promisesShown(), `${now} ${country} ${zip} ${sku} ${m}`).toEqual(expected);
    }
    expect(dated).toBeGreaterThan(10);
  });
});

describe("Order status page", () => {
  beforeEach(() => {
    orderStatus.setUp();
    orderStatus.shopify.shop.storefrontUrl = STOREFRONT;
  });
  afterEach(() => orderStatus.tearDown());

  async function render({ processedAt, cancelledAt, country, address, lines, rateTitle, fails }) {
    const s = orderStatus.shopify;
    s.order.value = { id: "gid://shopify/Order/77", name: "#1077", processedAt, cancelledAt };
    s.localization.country.value = country ? { isoCode: country } : undefined;
    if (address) withAddress(address);
    s.lines.value = lines;
    const calls = [];
    orderStatus.fetch = vi.fn(async (url, init) => {
      calls.push([String(url), JSON.parse(init.body)]);
      if (fails) throw new TypeError("network");
      return new Response(JSON.stringify({ data: { order: { shippingLine: rateTitle ? { title: rateTitle } : null } } }));
    });
    await orderStatus.render();
    return calls;
  }

  test("the order's processed time and its shipping rate from the Customer Account API give the promise", async () => {
    const processedAt = "2026-12-03T13:59:00Z";
    const calls = await render({ processedAt, country: "GB", lines: [line(1, { sku: "AT-JUMPER-NAME" })], rateTitle: "Express" });
    expect(calls[0][0]).toBe("shopify://customer-account/api/2026-07/graphql.json");
    expect(calls[0][1].variables).toEqual({ id: "gid://shopify/Order/77" });
    const want = cli({ now: processedAt, country: "GB", sku: "AT-JUMPER-NAME", method: "Express" });
    expect(promisesShown()).toEqual([want.min === want.max ? `Estimated delivery: ${shown(want.min)}` : `Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
    expect(body()).toContain("Express, UK");
    for (const a of DATA.answers) expect(body()).toContain(a.question);
  });

  test("with the address (protected data) the postcode zone applies", async () => {
    const processedAt = "2027-03-25T14:59:00Z";
    await render({ processedAt, country: "GB", address: { countryCode: "GB", zip: "ZE1 0AA" }, lines: [line(1)], rateTitle: "Standard" });
    const want = cli({ now: processedAt, country: "GB", postcode: "ZE1 0AA", method: "Standard" });
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
  });

  test("when the API cannot tell the rate, the first method serving the country is promised", async () => {
    const processedAt = "2026-11-30T08:00:00Z";
    await render({ processedAt, country: "NL", lines: [line(1)], fails: true });
    const want = cli({ now: processedAt, country: "NL" });
    expect(promisesShown()).toEqual([`Estimated delivery: ${shown(want.min)} – ${shown(want.max)}`]);
  });

  test("a cancelled order, or one without a processed time, shows the answers without dates", async () => {
    await render({ processedAt: "2026-11-30T08:00:00Z", cancelledAt: "2026-11-30T09:00:00Z", country: "GB", lines: [line(1)], rateTitle: "Standard" });
    expect(promisesShown()).toEqual([]);
    expect(body()).toContain(DATA.answers[0].question);
    orderStatus.tearDown();
    orderStatus.setUp();
    await render({ country: "GB", lines: [line(1)], rateTitle: "Standard" });
    expect(promisesShown()).toEqual([]);
  });

  test("lines that need no shipping get no date", async () => {
    await render({ processedAt: "2026-11-30T08:00:00Z", country: "GB", lines: [line(1, { shipping: false })], rateTitle: "Standard" });
    expect(promisesShown()).toEqual([]);
  });
});
