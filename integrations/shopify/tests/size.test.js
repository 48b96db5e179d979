// @vitest-environment node
// The order extension's compressed size, bundled the way Shopify CLI bundles a UI extension
// (packages/app/src/cli/services/extensions/bundle.ts and the ui_extension spec's stdin: one
// import per target, esbuild with these very options), against the 64 KB that
// `shopify app deploy` allows an extension on API 2025-10 and later.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { expect, test } from "vitest";
import { ORDERS } from "./oracle.js";

const LIMIT = 64 * 1024;

/** The targets and modules of shopify.extension.toml, in file order. */
function targets(toml) {
  const out = [];
  let module = null;
  for (const line of toml.split("\n")) {
    const m = line.match(/^\s*module\s*=\s*"(.+)"/);
    const t = line.match(/^\s*target\s*=\s*"(.+)"/);
    if (m) module = m[1];
    if (t && module) out.push({ target: t[1], module });
  }
  return out;
}

test("the Thank you and Order status extension fits Shopify's 64 KB compressed", async () => {
  const list = targets(readFileSync(join(ORDERS, "shopify.extension.toml"), "utf8"));
  expect(list.map((t) => t.target)).toEqual(["purchase.thank-you.block.render", "customer-account.order-status.block.render"]);
  const contents = list
    .map(({ target, module }, i) => `import Target_${i} from '${module}';shopify.extend('${target}', (...args) => Target_${i}(...args));`)
    .join("\n");
  const r = await build({
    stdin: { contents, resolveDir: ORDERS, loader: "tsx" },
    bundle: true,
    write: false,
    outfile: join(ORDERS, "dist/shop-answers-orders.js"),
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    jsx: "automatic",
    loader: { ".esnext": "ts", ".js": "jsx" },
    legalComments: "none",
    minify: true,
    target: "es6",
    resolveExtensions: [".tsx", ".ts", ".js", ".json", ".esnext", ".mjs", ".ejs"],
    metafile: true,
  });
  const js = r.outputFiles[0].contents;
  const gzip = gzipSync(js, { level: 9 }).length;
  const brotli = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const data = Object.entries(r.metafile.outputs)[0][1].inputs;
  const table = Object.entries(data).find(([k]) => k.endsWith("shop-answers.json"));
  console.log(
    `order extension: ${js.length} B minified, ${gzip} B gzip, ${brotli} B brotli (limit ${LIMIT} B compressed); ` +
      `of it the shop's data ${table ? table[1].bytesInOutput : 0} B minified`,
  );
  expect(r.errors).toEqual([]);
  expect(gzip).toBeLessThanOrEqual(LIMIT);
  expect(brotli).toBeLessThanOrEqual(LIMIT);
});
