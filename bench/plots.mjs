// Hand-written SVG charts for bench/report.mjs (no plotting dependency): lines on log-log axes
// and grouped bars on a log or linear axis. Output is deterministic: the same figures give the
// same file. A series is {name, color, dash?} (dash: a second index or way of loading of the same
// engine, drawn dashed or lighter).

const W = 760, H = 420;
const M = { left: 70, right: 190, top: 40, bottom: 50 };
// One colour per engine, the same in every chart.
const COLORS = { "shop-answers": "#d62728", minisearch: "#1f77b4", lunr: "#2ca02c", flexsearch: "#9467bd", fuse: "#8c564b", orama: "#e377c2", pagefind: "#17becf", empty: "#7f7f7f" };
export const colorOf = (engine) => COLORS[engine] ?? "#bcbd22";
const esc = (t) => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const n1 = (x) => +x.toFixed(1);

/** Powers of ten covering [lo, hi]. */
function decades(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

/** A linear axis from 0 to a round maximum over [a, b] pixels, with five ticks. */
function linearAxis(values, a, b) {
  const max = Math.max(...values);
  const step = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(max / 5))).find((st) => st * 5 >= max);
  const ticks = [0, 1, 2, 3, 4, 5].map((i) => +(i * step).toPrecision(6));
  return { ticks, at: (v) => n1(a + (v / ticks.at(-1)) * (b - a)) };
}

/** A log axis mapping [lo, hi] (widened to whole decades) onto [a, b] pixels. */
function logAxis(values, a, b) {
  const ticks = decades(Math.min(...values), Math.max(...values));
  const [lo, hi] = [ticks[0], ticks.at(-1)];
  const span = Math.log10(hi) - Math.log10(lo) || 1;
  return { ticks, at: (v) => n1(a + ((Math.log10(v) - Math.log10(lo)) / span) * (b - a)) };
}

function frame(title, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>
${body}
</svg>
`;
}

const fillOf = (s) => `fill="${s.color}"${s.dash ? ' fill-opacity="0.45"' : ""}`;

function legend(series) {
  return series.map((s, i) => {
    const y = M.top + 10 + i * 18;
    return `<rect x="${W - M.right + 15}" y="${y - 9}" width="12" height="12" ${fillOf(s)}/><text x="${W - M.right + 32}" y="${y + 1}">${esc(s.name)}</text>`;
  }).join("\n");
}

function grid(x, y, xTicks, yTicks, fx, fy, xLabel, yLabel) {
  const out = [];
  for (const t of yTicks) out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e4e4"/><text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${esc(fy(t))}</text>`);
  if (x) for (const t of xTicks) out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#e4e4e4"/><text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(fx(t))}</text>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return out.join("\n");
}

/** Lines on log-log axes: series [{name, points: [[x, y]]}], each point marked. */
export function lineChart({ title, xLabel, yLabel, series, fx, fy }) {
  const pts = series.flatMap((s) => s.points);
  const xa = logAxis(pts.map((p) => p[0]), M.left, W - M.right);
  const ya = logAxis(pts.map((p) => p[1]), H - M.bottom, M.top);
  const lines = series.map((s) => {
    const d = s.points.map((p, j) => `${j ? "L" : "M"}${xa.at(p[0])} ${ya.at(p[1])}`).join(" ");
    const dots = s.points.map((p) => `<circle cx="${xa.at(p[0])}" cy="${ya.at(p[1])}" r="3" fill="${s.color}"/>`).join("");
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ""}/>${dots}`;
  });
  return frame(title, [grid(xa.at, ya.at, xa.ticks, ya.ticks, fx, fy, xLabel, yLabel), ...lines, legend(series)].join("\n"));
}

/** Grouped bars: groups [{name, values: [v | null]}], one bar per series in each group, on a
 * log value axis (`linear` for a 0-based one); `whiskers` (same shape, optional) draws a thin
 * line up to a second value. */
export function barChart({ title, yLabel, groups, series, whiskers, fy, linear }) {
  const vals = groups.flatMap((g) => g.values).concat(whiskers ? whiskers.flatMap((g) => g) : []).filter((v) => v > 0);
  const ya = (linear ? linearAxis : logAxis)(vals, H - M.bottom, M.top);
  const gw = (W - M.left - M.right) / groups.length;
  const bw = (gw * 0.8) / series.length;
  const base = H - M.bottom;
  const bars = groups.flatMap((g, gi) => g.values.map((v, i) => {
    if (!(v > 0)) return "";
    const x = n1(M.left + gi * gw + gw * 0.1 + i * bw);
    const w = whiskers?.[gi]?.[i];
    const whisker = w > v ? `<line x1="${n1(x + bw / 2)}" x2="${n1(x + bw / 2)}" y1="${ya.at(v)}" y2="${ya.at(w)}" stroke="${series[i].color}"/>` : "";
    return `<rect x="${x}" y="${ya.at(v)}" width="${n1(bw * 0.9)}" height="${n1(base - ya.at(v))}" ${fillOf(series[i])}/>${whisker}`;
  }));
  const labels = groups.map((g, gi) => `<text x="${n1(M.left + gi * gw + gw / 2)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(g.name)}</text>`);
  return frame(title, [grid(null, ya.at, [], ya.ticks, null, fy, "", yLabel), ...bars, ...labels, legend(series)].join("\n"));
}

// Tick labels.
export const count = (v) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v));
export const bytes = (v) => (v >= 1e9 ? `${v / 1e9} GB` : v >= 1e6 ? `${v / 1e6} MB` : v >= 1e3 ? `${v / 1e3} kB` : `${v} B`);
export const ms = (v) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);
export const us = (v) => (v >= 1000 ? `${v / 1000} ms` : `${v} µs`);
export const mb = (v) => (v >= 1000 ? `${v / 1000} GB` : `${v} MB`);
