// The widget's payload beside its floor: bench/size-floor/, the same dependency stack (wasm-bindgen,
// web-sys, js-sys, serde, serde-wasm-bindgen, gloo-net, fst, lol_alloc), each used once, built
// exactly like the widget by scripts/build-widget.sh. Both are counted the same way: loader +
// glue + wasm, gzip -6. The widget is two modules: its critical path is the loader and the
// first-paint module (all a page downloads before its first contextual answer); the
// interactive module follows on intent or when the page is idle. Writes results.json key
// "size_floor" and prints figures beside the targets (critical path ≤ 60 KB, all ≤ 140 KB).
//   node bench/size-floor.mjs            (after `make widget`; builds the floor, about a minute the first time)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, WIDGET, fmt, gz, mergeResults } from "./common.mjs";

execFileSync("bash", ["scripts/build-widget.sh", "bench/size-floor", "size-floor"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
const loader = readFileSync(join(ROOT, "www/loader.js"));
function payload(dir, lib, withLoader = true) {
  const parts = { glue: readFileSync(join(dir, `${lib}.js`)), wasm: readFileSync(join(dir, `${lib}_bg.wasm`)) };
  if (withLoader) parts.loader = loader;
  const out = {};
  for (const [k, buf] of Object.entries(parts)) out[k] = { raw: buf.length, gzip: gz(buf) };
  out.total = { raw: Object.values(out).reduce((s, p) => s + p.raw, 0), gzip: Object.values(out).reduce((s, p) => s + p.gzip, 0) };
  return out;
}
const widget = payload(WIDGET, "shop_answers_context");
const search = payload(WIDGET, "shop_answers_search", false);
const floor = payload(join(ROOT, "target/size-floor"), "size_floor");
const line = (p) => `${p.loader ? `loader ${fmt(p.loader.gzip)} + ` : ""}glue ${fmt(p.glue.gzip)} + wasm ${fmt(p.wasm.gzip)} = ${fmt(p.total.gzip)} B gzip (${fmt(p.total.raw)} B raw)`;
console.log(`critical path (loader + first-paint module): ${line(widget)}; target ≤ 60 KB (61,440 B)`);
console.log(`interactive module (on intent or idle): ${line(search)}`);
const all = widget.total.gzip + search.total.gzip;
console.log(`all widget code: ${fmt(all)} B gzip; target ≤ 140 KB (143,360 B)`);
console.log(`floor (the dependency stack alone): ${line(floor)}`);
console.log(`the critical path's own code and data: ${fmt(widget.total.gzip - floor.total.gzip)} B gzip; critical path / floor ${(widget.total.gzip / floor.total.gzip).toFixed(2)}×`);
mergeResults("size_floor", { widget, search, all: { gzip: all }, floor });
