// The Thank you page (purchase.thank-you.block.render): the estimated delivery of what was
// just bought, by the rate the buyer chose, and the shop's post-purchase answers.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OrderBlock, destination, productFacts, promises } from "./OrderBlock.jsx";

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
    const handle = g.selectedDeliveryOption && g.selectedDeliveryOption.handle;
    const option = (g.deliveryOptions || []).find((o) => o.handle === handle);
    if (!option || (option.type !== "shipping" && option.type !== "local")) continue;
    const targeted = (g.targetedCartLines || []).map((t) => byId.get(t.id)).filter(Boolean);
    out.push({ method: option.title || option.code || null, lines: targeted.filter((l) => l.merchandise.requiresShipping !== false).map(line) });
  }
  return out;
}

function line(l) {
  const m = l.merchandise || {};
  return { title: m.product && m.product.title ? m.product.title : m.title || "", sku: m.sku, productId: m.product && m.product.id };
}

export default async function () {
  const s = shopify;
  const order = s.orderConfirmation && s.orderConfirmation.value;
  const placed = await placedAt(s.storage, order && order.order && order.order.id);
  const dest = destination(s.shippingAddress && s.shippingAddress.value, s.localization.country.value);
  const lines = s.lines.value || [];
  const ships = shipments(s.deliveryGroups.value, lines);
  const facts = await productFacts(s.query, ships.flatMap((x) => x.lines));
  const groups = promises(Math.floor(placed / 1000), dest, ships, facts);
  render(<OrderBlock i18n={s.i18n} placed={placed} dest={dest} groups={groups} storefrontUrl={s.shop.storefrontUrl} />, document.body);
}
