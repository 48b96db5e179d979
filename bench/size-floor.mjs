// The widget's payload beside its floor: bench/size-floor/, the same dependency stack (wasm-bindgen,
// web-sys, js-sys, serde, serde-wasm-bindgen, gloo-net, fst, lol_alloc), each used once, built
// exactly like the widget by scripts/build-widget.sh. Both are counted the same way: loader +
// glue + wasm, gzip -6. Writes results.json key "size_floor" and prints figures.
//   node bench/size-floor.mjs            (after `make widget`; builds the floor, about a minute the first time)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, WIDGET, fmt, gz, mergeResults } from "./common.mjs";

execFileSync("bash", ["scripts/build-widget.sh", "bench/size-floor", "size-floor"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
const loader = readFileSync(join(ROOT, "www/loader.js"));
function payload(dir, lib) {
  const parts = { loader, glue: readFileSync(join(dir, `${lib}.js`)), wasm: readFileSync(join(dir, `${lib}_bg.wasm`)) };
  const out = {};
  for (const [k, buf] of Object.entries(parts)) out[k] = { raw: buf.length, gzip: gz(buf) };
  out.total = { raw: Object.values(out).reduce((s, p) => s + p.raw, 0), gzip: Object.values(out).reduce((s, p) => s + p.gzip, 0) };
  return out;
}
const widget = payload(WIDGET, "shop_answers");
const floor = payload(join(ROOT, "target/size-floor"), "size_floor");
for (const [name, p] of [["widget", widget], ["floor (the dependency stack alone)", floor]]) {
  console.log(`${name}: loader ${fmt(p.loader.gzip)} + glue ${fmt(p.glue.gzip)} + wasm ${fmt(p.wasm.gzip)} = ${fmt(p.total.gzip)} B gzip (${fmt(p.total.raw)} B raw)`);
}
console.log(`the widget's own code and data: ${fmt(widget.total.gzip - floor.total.gzip)} B gzip; widget / floor ${(widget.total.gzip / floor.total.gzip).toFixed(2)}×`);
mergeResults("size_floor", { widget, floor });
