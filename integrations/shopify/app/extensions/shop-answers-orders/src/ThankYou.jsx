// The Thank you page (purchase.thank-you.block.render): the estimated delivery of what was
// just bought, by the rate the buyer chose, and the shop's post-purchase answers.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OrderBlock, destination, get, productFacts, promises } from "./OrderBlock.jsx";

/** The page gives no order time, and the buyer has just ordered: the first time this order's
 * page is shown is its time. Kept in the extension's storage so a reload promises the same. */
async function placedAt(storage, orderId) {
  const now = Date.now();
  if (!storage || !orderId) return now;
  const key = `placed:${orderId}`;
  try {
    const seen = await storage.read(key);
    if (typeof seen === "number" && seen <= now) return seen;
    await storage.write(key, now);
  } catch (e) {
    // Storage unavailable: this view's time.
  }
  return now;
}

/** One shipment per delivery group with a shipping rate; pickups get no delivery date. */
function shipments(groups, lines) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const out = [];
  for (const g of groups || []) {
    const handle = get(get(g, "selectedDeliveryOption"), "handle");
    const option = (get(g, "deliveryOptions") || []).find((o) => get(o, "handle") === handle);
    const type = get(option, "type");
    if (!option || (type !== "shipping" && type !== "local")) continue;
    const targeted = (get(g, "targetedCartLines") || []).map((t) => byId.get(get(t, "id"))).filter(Boolean);
    const shipped = targeted.filter((l) => get(get(l, "merchandise"), "requiresShipping") !== false);
    out.push({ method: get(option, "title") || get(option, "code") || null, lines: shipped.map(line) });
  }
  return out;
}

function line(l) {
  const m = get(l, "merchandise");
  const product = get(m, "product");
  return { title: get(m, "title") || "", sku: get(m, "sku"), productId: get(product, "id") };
}

export default async function () {
  const s = shopify;
  const order = get(get(s, "orderConfirmation"), "value");
  const placed = await placedAt(get(s, "storage"), get(get(order, "order"), "id"));
  const dest = destination(get(get(s, "shippingAddress"), "value"), get(get(s.localization, "country"), "value"));
  const lines = s.lines.value || [];
  const ships = shipments(s.deliveryGroups.value, lines);
  const facts = await productFacts(get(s, "query"), ships.flatMap((x) => x.lines));
  const groups = promises(Math.floor(placed / 1000), dest, ships, facts);
  render(<OrderBlock i18n={s.i18n} placed={placed} dest={dest} groups={groups} storefrontUrl={get(s.shop, "storefrontUrl")} />, document.body);
}
