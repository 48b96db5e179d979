// @vitest-environment node
// Shopify's theme check on the theme app extension the build wrote, with the checks Shopify
// CLI runs on `shopify app deploy` (theme-check:theme-app-extension). Offline: the Liquid
// docs it would download come from the copy inside the package.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { ROOT, THEME } from "./oracle.js";

// The docs theme check would fetch from GitHub, laid out as that repository is, from the
// data the package ships; its cache goes under target/ instead of the home directory.
const require = createRequire(import.meta.url);
const data = join(dirname(require.resolve("@shopify/theme-check-docs-updater/package.json")), "data");
const docs = join(ROOT, "target/shopify-test/theme-liquid-docs");
mkdirSync(join(docs, "data"), { recursive: true });
mkdirSync(join(docs, "schemas/theme"), { recursive: true });
for (const f of ["latest", "filters", "objects", "tags", "shopify_system_translations"]) {
  cpSync(join(data, `${f}.json`), join(docs, "data", `${f}.json`));
}
for (const m of ["manifest_theme", "manifest_theme_app_extension"]) {
  const manifest = JSON.parse(readFileSync(join(data, `${m}.json`), "utf8"));
  writeFileSync(join(docs, "schemas", `${m}.json`), JSON.stringify(manifest));
  for (const s of manifest.schemas) {
    mkdirSync(dirname(join(docs, "schemas", s.uri)), { recursive: true });
    cpSync(join(data, basename(s.uri)), join(docs, "schemas", s.uri));
  }
}
process.env.SHOPIFY_TLD_ROOT = docs;
process.env.XDG_CACHE_HOME = join(ROOT, "target/shopify-test/cache");
const { themeCheckRun } = await import("@shopify/theme-check-node");

async function check(dir) {
  const log = [];
  const run = await themeCheckRun(dir, undefined, (m) => log.push(m));
  expect(log.filter((l) => /https?:/.test(l) && !/Using local file/.test(l))).toEqual([]);
  return run.offenses.map((o) => ({ severity: o.severity, check: o.check, file: basename(o.uri), message: o.message }));
}

test("theme check reports no errors on the theme app extension", async () => {
  const offenses = await check(THEME);
  for (const o of offenses) console.log(`theme check: ${["error", "warning", "info"][o.severity]} ${o.check} ${o.file}: ${o.message}`);
  console.log(`theme check: ${offenses.length} offense(s), ${offenses.filter((o) => o.severity === 0).length} error(s)`);
  expect(offenses.filter((o) => o.severity === 0)).toEqual([]);
});

test("and it does find errors in a broken copy (a block without its schema, an unknown filter)", async () => {
  const copy = join(mkdtempSync(join(tmpdir(), "sa-theme-")), "theme");
  cpSync(THEME, copy, { recursive: true });
  const embed = join(copy, "blocks/app-embed.liquid");
  writeFileSync(embed, readFileSync(embed, "utf8").replace(/\{% schema %\}[\s\S]*\{% endschema %\}/, "").replace("| asset_url", "| asset_link"));
  const offenses = await check(copy);
  expect(offenses.filter((o) => o.severity === 0).map((o) => o.check)).toEqual(expect.arrayContaining(["AppBlockMissingSchema", "UnknownFilter"]));
});
