// Renames the widget module's imports to short names, in the wasm and in its JS glue alike.
//   node scripts/shorten-imports.mjs <shop_answers_bg.wasm> <shop_answers.js>
// wasm-bindgen names each import after its JS function plus a 16-digit hash, e.g.
// "__wbg_instanceof_HtmlSelectElement_e8e746c4e56224c9", under the module name
// "./shop_answers_bg.js", and the glue spells every name again as a key of its import
// object: about 20 KB of names across the two files, the hashes incompressible. Here the
// module becomes "a" and each import a name of one or two letters, so nothing but the link between
// the two files changes. Every name must occur exactly once as a key in the glue, or the
// files are left untouched and the script fails: a glue layout it does not know is a build
// error, never a widget that cannot link.
import { readFileSync, renameSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/shorten-imports.mjs <module.wasm> <glue.js>");
  process.exit(2);
}
const fail = (msg) => {
  console.error(`shorten-imports: ${msg}; ${wasmPath} and ${gluePath} left as they were`);
  process.exit(1);
};

const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

function leb(buf, pos) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}
function encLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
const str = (s) => Buffer.concat([encLeb(Buffer.byteLength(s)), Buffer.from(s)]);

if (wasm.readUInt32LE(0) !== 0x6d736100) fail("not a wasm module");
let pos = 8;
let importSection = null;
while (pos < wasm.length) {
  const start = pos;
  const id = wasm[pos++];
  let size;
  [size, pos] = leb(wasm, pos);
  if (id === 2) importSection = { start, body: pos, end: pos + size };
  pos += size;
}
if (!importSection) fail("the module has no import section");

// "a"…"Z", then "aa"…: identifiers, so the glue's keys need no quotes.
const FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const REST = FIRST + "0123456789_$";
function shortName(i) {
  if (i < FIRST.length) return FIRST[i];
  i -= FIRST.length;
  let name = "";
  for (;;) {
    name = REST[i % REST.length] + name;
    i = Math.floor(i / REST.length);
    if (i < FIRST.length) return FIRST[i] + name;
    i -= FIRST.length;
  }
}

// Import descriptions, copied byte for byte: only the names change.
function skipDesc(p) {
  const kind = wasm[p++];
  const limits = (q) => {
    const flags = wasm[q++];
    [, q] = leb(wasm, q);
    if (flags & 1) [, q] = leb(wasm, q);
    return q;
  };
  if (kind === 0) return leb(wasm, p)[1]; // function: type index
  if (kind === 1) return limits(p + 1); // table: element type, limits
  if (kind === 2) return limits(p); // memory: limits
  if (kind === 3) return p + 2; // global: value type, mutability
  if (kind === 4) return leb(wasm, p + 1)[1]; // tag: attribute, type index
  fail(`unknown import kind ${kind}`);
}

let p = importSection.body;
let count;
[count, p] = leb(wasm, p);
const parts = [encLeb(count)];
const modules = new Set();
const names = [];
for (let i = 0; i < count; i++) {
  let len;
  [len, p] = leb(wasm, p);
  const module = wasm.toString("utf8", p, p + len);
  p += len;
  [len, p] = leb(wasm, p);
  const name = wasm.toString("utf8", p, p + len);
  p += len;
  const descStart = p;
  p = skipDesc(p);
  modules.add(module);
  const short = shortName(i);
  names.push([name, short]);
  parts.push(str("a"), str(short), wasm.subarray(descStart, p));
}
if (p !== importSection.end) fail("the import section does not parse to its end");
if (modules.size !== 1) fail(`imports from ${modules.size} modules, expected one`);
const [module] = modules;

for (const [name, short] of names) {
  const key = new RegExp(`^(\\s+)${name}:`, "m");
  const hits = glue.split(key).length;
  if (hits !== 3) fail(`import ${name} is a key ${(hits - 1) / 2} times in the glue, expected once`);
  glue = glue.replace(key, (_, indent) => `${indent}${short}:`);
}
const moduleKey = `${JSON.stringify(module)}: import0`;
if (glue.split(moduleKey).length !== 2) fail(`the glue does not name ${module} as its import object once`);
glue = glue.replace(moduleKey, "a: import0");

const body = Buffer.concat(parts);
const out = Buffer.concat([
  wasm.subarray(0, importSection.start),
  Buffer.from([2]),
  encLeb(body.length),
  body,
  wasm.subarray(importSection.end),
]);
writeFileSync(wasmPath + ".tmp", out);
writeFileSync(gluePath + ".tmp", glue);
renameSync(wasmPath + ".tmp", wasmPath);
renameSync(gluePath + ".tmp", gluePath);
console.log(`[shorten-imports] ${gluePath}: ${count} imports renamed: wasm ${wasm.length} → ${out.length} B, glue ${readFileSync(gluePath).length} B`);
