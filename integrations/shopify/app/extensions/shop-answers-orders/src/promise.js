// Delivery dates read from the order table that `shop-answers build` precomputed from the
// shop's delivery rules (src/delivery/table.rs in shop-answers, which documents every field).
// There is no time-zone, holiday or business-day code here: only look-ups, and index
// arithmetic in the shop's list of working days. It must give exactly what the engine gives
// (`shop-answers delivery`); the tests compare both on generated orders.

const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Reads a run of small numbers: base64url digits, or a plain list. */
function at(run, i) {
  if (typeof run !== "string") return run[i];
  if (i >= run.length) return undefined;
  return DIGITS.indexOf(run[i]);
}

/** The table with its working days and cutoff instants expanded, once per page. */
export function openTable(t) {
  if (!t || t.v !== 1) return null;
  const work = [t.first];
  const n = typeof t.gaps === "string" ? t.gaps.length : t.gaps.length;
  for (let i = 0; i < n; i++) work.push(work[i] + at(t.gaps, i));
  const cutoffs = [];
  let acc = 0;
  t.cutoffs.forEach((d, i) => {
    acc = i === 0 ? d : acc + d;
    cutoffs.push(acc);
  });
  return { t, work, cutoffs };
}

function normalizePostcode(p) {
  return p.replace(/[\s-]/g, "").toUpperCase();
}

/** The product class: its SKU's rule, else the first rule naming one of its tags, else one
 * of its collections, else 0 (no rule). */
export function productClass(table, { sku, tags = [], collections = [] }) {
  const { t } = table;
  const first = (map, list) => {
    let best;
    for (const x of list) {
      const c = map[String(x).toLowerCase()];
      if (c !== undefined && (best === undefined || c < best)) best = c;
    }
    return best;
  };
  const bySku = sku != null && Object.prototype.hasOwnProperty.call(t.skus, sku) ? t.skus[sku] : undefined;
  return bySku ?? first(t.tags, tags) ?? first(t.collections, collections) ?? 0;
}

/** The zone of method `m` covering `dest`: the most specific (postcode, then region, then
 * country, then catch-all), the earlier one on a tie. */
export function zoneFor(table, m, dest) {
  const method = table.t.methods[m];
  if (!method) return -1;
  const country = String(dest.country || "").toUpperCase();
  const region = dest.region ? String(dest.region).toUpperCase() : null;
  const pc = dest.postcode != null ? normalizePostcode(String(dest.postcode)) : null;
  let best = -1;
  let bestScore = null;
  method.zones.forEach((z, i) => {
    const countries = z.countries || [];
    const regions = z.regions || [];
    const prefixes = z.prefixes || [];
    const ranges = z.ranges || [];
    if (countries.length && !countries.includes(country)) return;
    if (regions.length && !(region && regions.includes(region))) return;
    let score = 0;
    if (prefixes.length || ranges.length) {
      if (pc == null) return;
      let s = -1;
      for (const p of prefixes) if (pc.startsWith(p)) s = Math.max(s, [...p].length);
      for (const [lo, hi] of ranges) {
        if (pc.length < lo.length || pc.length < hi.length) continue;
        if (lo <= pc.slice(0, lo.length) && pc.slice(0, hi.length) <= hi) {
          let common = 0;
          while (common < lo.length && common < hi.length && lo[common] === hi[common]) common++;
          s = Math.max(s, common + 1);
        }
      }
      if (s < 0) return;
      score = s;
    }
    const mine = [score, regions.length ? 1 : 0, countries.length ? 1 : 0];
    const better = bestScore === null || mine[0] > bestScore[0] || (mine[0] === bestScore[0] && (mine[1] > bestScore[1] || (mine[1] === bestScore[1] && mine[2] > bestScore[2])));
    if (better) {
      best = i;
      bestScore = mine;
    }
  });
  return best;
}

/** The destination's calendar code: its region's (the address's own when it is a
 * subdivision of its country, else the one its postcode lies in) if the table has one, else
 * its country's, else none. */
export function calendarFor(table, dest) {
  const cals = table.t.calendars;
  const country = String(dest.country || "").toUpperCase();
  let region = dest.region ? String(dest.region).toUpperCase() : null;
  if (!(region && region.length > country.length + 1 && region.startsWith(country + "-"))) {
    region = null;
    const pc = dest.postcode != null ? normalizePostcode(String(dest.postcode)) : null;
    let best = -1;
    for (const [c, first, last, r] of pc ? table.t.postcode_regions || [] : []) {
      const head = (n) => (pc.length >= n ? pc.slice(0, n) : null);
      const a = head(first.length);
      const b = head(last.length);
      if (c === country && a !== null && b !== null && first <= a && b <= last) {
        const score = Math.max(first.length, last.length);
        if (score > best) {
          best = score;
          region = r;
        }
      }
    }
  }
  if (region && cals.includes(region)) return region;
  if (cals.includes(country)) return country;
  return "";
}

/** The method a checkout rate's name selects (its name in delivery.toml or one of its
 * checkout_names, any case), or -1. */
export function methodNamed(table, name) {
  if (name == null) return -1;
  const n = String(name).trim().toLowerCase();
  return table.t.methods.findIndex((m) => m.names.includes(n));
}

/** The delivery range of an order placed at `seconds` (Unix time) going to `dest`
 * ({country, region?, postcode?}), by method index `method` (or -1: the first method that
 * serves `dest`), for a product of class `cls`. Dates are day numbers (days since
 * 1970-01-01). Null outside the table's window or where no method serves. */
export function lookup(table, seconds, dest, method, cls) {
  const { t, work, cutoffs } = table;
  if (!(seconds >= t.start && seconds < t.end)) return null;
  let m = method;
  let z = -1;
  if (m >= 0) {
    z = zoneFor(table, m, dest);
  } else {
    for (m = 0; m < t.methods.length; m++) {
      z = zoneFor(table, m, dest);
      if (z >= 0) break;
    }
  }
  if (z < 0) return null;
  // day0: the first working day whose cutoff is after the order (binary search).
  let lo = 0;
  let hi = cutoffs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cutoffs[mid] <= seconds) lo = mid + 1;
    else hi = mid;
  }
  const p = t.products[cls];
  if (!p) return null;
  const k = Math.max(lo, p.release ?? 0);
  const smin = k + t.handling[0] + p.extra;
  const smax = k + t.handling[1] + p.extra;
  const row = t.methods[m];
  const zone = row.zones[z];
  const cal = calendarFor(table, dest);
  const arrive = (s, n) => {
    const key = (c) => t.lane_index[`${m}|${z}|${c}|${n}`];
    let lane = key(cal);
    if (lane === undefined) lane = key(cal.split("-")[0]);
    if (lane === undefined) lane = key("");
    if (lane === undefined || s >= work.length) return null;
    const extra = at(t.lanes[lane], s);
    return extra === undefined || extra < 0 ? null : work[s] + n + extra;
  };
  const earliest = arrive(smin, zone.transit[0]);
  const latest = arrive(smax, zone.transit[1]);
  if (earliest == null || latest == null) return null;
  return { method: m, zone: z, methodName: row.name, zoneName: zone.name, earliest, latest };
}

/** The notices an order placed at `seconds` shows. */
export function noticesAt(table, seconds) {
  return table.t.notices.filter((n) => n.from <= seconds && seconds < n.until).map((n) => n.text);
}

/** A day number as YYYY-MM-DD. */
export function isoDate(day) {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}
