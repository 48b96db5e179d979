// The Order status page (customer-account.order-status.block.render): the same promise and
// answers, from the order's own data. This page has no delivery groups: the order's shipping
// rate comes from the Customer Account API.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OrderBlock, destination, get, productFacts, promises } from "./OrderBlock.jsx";

const CUSTOMER_API = "shopify://customer-account/api/2026-07/graphql.json";

/** The title of the order's shipping rate, or null (pickup, no access, or no answer). */
async function shippingRate(orderId) {
  if (!orderId) return null;
  try {
    const r = await fetch(CUSTOMER_API, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: "query ShopAnswersRate($id: ID!) { order(id: $id) { shippingLine { title } } }", variables: { id: orderId } }),
    });
    const j = await r.json();
    const title = j && j.data && j.data.order && j.data.order.shippingLine && j.data.order.shippingLine.title;
    return typeof title === "string" ? title : null;
  } catch (e) {
    return null;
  }
}

function line(l) {
  const m = get(l, "merchandise");
  const product = get(m, "product");
  return { title: get(m, "title") || "", sku: get(m, "sku"), productId: get(product, "id") };
}

export default async function () {
  const s = shopify;
  const order = get(s.order, "value");
  const processed = order && !get(order, "cancelledAt") ? Date.parse(get(order, "processedAt") || "") : NaN;
  const placed = Number.isFinite(processed) ? processed : null;
  const dest = destination(get(get(s, "shippingAddress"), "value"), get(get(s.localization, "country"), "value"));
  const lines = (get(s.lines, "value") || []).filter((l) => get(get(l, "merchandise"), "requiresShipping") !== false).map(line);
  let groups = [];
  if (placed != null && dest && lines.length) {
    const method = await shippingRate(get(order, "id"));
    const ships = [{ method, lines }];
    const facts = await productFacts(get(s, "query"), lines);
    groups = promises(Math.floor(placed / 1000), dest, ships, facts);
  }
  render(<OrderBlock i18n={s.i18n} placed={placed} dest={dest} groups={groups} storefrontUrl={get(s.shop, "storefrontUrl")} />, document.body);
}
