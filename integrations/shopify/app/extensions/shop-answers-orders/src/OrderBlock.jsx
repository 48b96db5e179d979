// What the Thank you and Order status blocks show: the estimated delivery range for what
// was bought and where it goes, and the shop's answers for after a purchase (tracking,
// changing the order, returns). Both pages gather the order's facts their own way, then
// render this.
import data from "./shop-answers.json";
import { openTable, lookup, productClass, methodNamed, noticesAt } from "./promise.js";

const table = openTable(data.table);

/** An optional property: Shopify leaves out what the app may not read (and the extension
 * tester refuses to read what the host would not have). */
export function get(o, key) {
  return o != null && typeof o === "object" && key in o ? o[key] : undefined;
}

/** The destination: the shipping address where the app may read it (protected customer
 * data, level 2), else the buyer's country (country-level zones and holidays only). */
export function destination(address, country) {
  const cc = get(address, "countryCode");
  if (cc) {
    const province = get(address, "provinceCode");
    return { country: cc, region: province ? `${cc}-${province}` : undefined, postcode: get(address, "zip") || undefined, exact: true };
  }
  const iso = get(country, "isoCode");
  if (iso) return { country: iso, exact: false };
  return null;
}

/** Tags and collections of the products whose lead time depends on them, from the
 * Storefront API (the `api_access` capability); nothing when the table names none or the
 * query fails. */
export async function productFacts(query, lines) {
  const facts = new Map();
  if (!table || !query) return facts;
  const { t } = table;
  if (!Object.keys(t.tags).length && !Object.keys(t.collections).length) return facts;
  const ids = [...new Set(lines.filter((l) => !(l.sku in t.skus) && l.productId).map((l) => l.productId))];
  if (!ids.length) return facts;
  try {
    const r = await query(
      "query ShopAnswersFacts($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { id tags collections(first: 50) { nodes { handle } } } } }",
      { variables: { ids } },
    );
    for (const n of (r && r.data && r.data.nodes) || []) {
      if (n && n.id) facts.set(n.id, { tags: n.tags || [], collections: ((n.collections && n.collections.nodes) || []).map((c) => c.handle) });
    }
  } catch (e) {
    // Dates then follow SKU rules only.
  }
  return facts;
}

/** Groups the order's lines by the delivery range they get. `shipments` are
 * [{method: rate title or null, lines: [{title, sku, productId}]}]. */
export function promises(placedSeconds, dest, shipments, facts) {
  if (!table || !dest) return [];
  const groups = [];
  for (const s of shipments) {
    const m = methodNamed(table, s.method);
    for (const line of s.lines) {
      const f = facts.get(line.productId) || {};
      const cls = productClass(table, { sku: line.sku, tags: f.tags, collections: f.collections });
      const r = lookup(table, placedSeconds, dest, m, cls);
      if (!r) continue;
      const same = groups.find((g) => g.earliest === r.earliest && g.latest === r.latest && g.method === r.method);
      if (same) same.titles.push(line.title);
      else groups.push({ ...r, titles: [line.title] });
    }
  }
  return groups;
}

function dateText(i18n, day) {
  return i18n.formatDate(new Date(day * 86400000), { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });
}

function Inline({ items, base }) {
  return items.map((n, i) => {
    if (n.t === "text") {
      const marks = n.marks || 0;
      if (marks & 2) return <s-text key={i} type="strong">{n.text}</s-text>;
      if (marks & 1) return <s-text key={i} type="emphasis">{n.text}</s-text>;
      return n.text;
    }
    if (n.t === "link") {
      const href = n.href.startsWith("/") && base ? base.replace(/\/$/, "") + n.href : n.href;
      return <s-link key={i} href={href}><Inline items={n.children} base={base} /></s-link>;
    }
    return " ";
  });
}

function Answer({ entry, base }) {
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{entry.question}</s-text>
      {entry.answer.map((b, i) => {
        if (b.t === "para") return <s-paragraph key={i}><Inline items={b.children} base={base} /></s-paragraph>;
        if (b.t === "list") {
          const items = b.items.map((it, j) => <s-list-item key={j}><Inline items={it} base={base} /></s-list-item>);
          return b.ordered ? <s-ordered-list key={i}>{items}</s-ordered-list> : <s-unordered-list key={i}>{items}</s-unordered-list>;
        }
        return <s-paragraph key={i}>{b.text}</s-paragraph>;
      })}
    </s-stack>
  );
}

/** The block. `placed` is the order instant in milliseconds, or null when unknown. */
export function OrderBlock({ i18n, placed, dest, groups, storefrontUrl }) {
  const texts = data.texts;
  const seconds = placed == null ? null : Math.floor(placed / 1000);
  const inWindow = table && seconds != null && seconds >= table.t.start && seconds < table.t.end;
  const notices = inWindow ? noticesAt(table, seconds) : [];
  let note = null;
  if (dest && groups.length === 0 && table && seconds != null) {
    note = !inWindow ? texts.unavailable : texts.not_served.replace("{country}", dest.country);
  }
  const several = groups.length > 1;
  return (
    <s-stack gap="base">
      <s-heading>{texts.title}</s-heading>
      {notices.map((n, i) => (
        <s-banner key={`n${i}`} tone="info"><s-text>{n}</s-text></s-banner>
      ))}
      {groups.map((g, i) => {
        const dates = g.earliest === g.latest ? dateText(i18n, g.earliest) : `${dateText(i18n, g.earliest)} – ${dateText(i18n, g.latest)}`;
        const label = g.zoneName ? `${g.methodName}, ${g.zoneName}` : g.methodName;
        return (
          <s-stack key={`g${i}`} gap="small-300">
            <s-text type="strong">{texts.estimate.replace("{dates}", dates)}</s-text>
            <s-text color="subdued">{several ? `${g.titles.join(", ")} · ${label}` : label}</s-text>
          </s-stack>
        );
      })}
      {note ? <s-text color="subdued">{note}</s-text> : null}
      {data.answers.map((a) => (
        <Answer key={a.id} entry={a} base={storefrontUrl} />
      ))}
    </s-stack>
  );
}
