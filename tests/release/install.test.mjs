// Installed as a new user installs it, in scratch folders with no checkout: the npm packages
// from their tarballs (offline: nothing is fetched) and the crate with `cargo install`; then
// each builds the example shop from its plain sources and serves it, a Vite app imports the
// widget as an ES module, and Chromium checks the delivery promise, search and contact.
// RELEASE_DIR: what scripts/release.sh wrote (make test-release runs it first).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT, launch, newPage, startServer, inboxMessages } from "../browser/harness.mjs";

const RELEASE = resolve(ROOT, process.env.RELEASE_DIR || "target/release-test");
const tarballs = readdirSync(RELEASE).filter((f) => f.endsWith(".tgz"));
const scratch = mkdtempSync(join(tmpdir(), "sa-install-"));
const figures = [];
let browser;
const servers = [];

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  servers.forEach((s) => s.stop());
  for (const f of figures) console.log(f);
});

function timed(label, fn) {
  const t0 = performance.now();
  const out = fn();
  figures.push(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

// The example shop's sources as an owner has them: a folder, somewhere else than the checkout.
function shopSources(dir) {
  cpSync(join(ROOT, "pkg-config"), join(dir, "pkg-config"), { recursive: true });
  // The shop's contact form accepts messages at once here (the example waits 3 s for bots).
  const toml = join(dir, "pkg-config", "shop.toml");
  writeFileSync(toml, readFileSync(toml, "utf8").replace("[contact]\n", "[contact]\nmin_fill_seconds = 0\n"));
}

/** The demo product page's promise, search and contact, on a served page. */
async function checkProductPage(url, inbox) {
  const { page, log } = await newPage(browser);
  await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
  await page.goto(url);
  const delivery = page.locator("[data-shop-answers-context=product] .delivery");
  await delivery.waitFor({ timeout: 15_000 });
  assert.match(await delivery.textContent(), /^Order within 2 h 10 min to get it /);
  // The search slot's own options (the delivery block's country picker has options too).
  const search = page.locator("[data-shop-answers-slot=search]");
  await search.locator("input[role=combobox]").fill("retrun polic");
  await search.getByRole("option").first().getByText("What is your return policy?").waitFor({ timeout: 10_000 });
  await page.getByRole("button", { name: /contact us/i }).first().click();
  await page.getByLabel("Your name").fill("Ann Example");
  await page.getByLabel("Email").fill("ann@example.com");
  await page.getByLabel("How can we help?").fill("Installed from a tarball: does the Ridge jacket run small?");
  await page.getByRole("button", { name: "Send message" }).click();
  await page.locator(".contact-status").getByText(/^Sent/).waitFor({ timeout: 15_000 });
  const msgs = await inboxMessages(inbox);
  assert.equal(msgs.length, 1);
  assert.match(msgs[0].fields.message, /Installed from a tarball/);
  assert.deepEqual(log.errors, []);
  await page.close();
}

test("the npm tarballs hold everything: no install scripts, the CLI and the widget inside", () => {
  assert.ok(tarballs.some((t) => /^shop-answers-\d/.test(t)), tarballs.join(" "));
  assert.ok(tarballs.some((t) => /^shop-answers-cli-linux-x64-/.test(t)), tarballs.join(" "));
  for (const t of tarballs) {
    const size = statSync(join(RELEASE, t)).size;
    figures.push(`${t}: ${(size / 1024).toFixed(0)} KB`);
    const list = execFileSync("tar", ["-tzf", join(RELEASE, t)], { encoding: "utf8" });
    const pkg = JSON.parse(execFileSync("tar", ["-xzOf", join(RELEASE, t), "package/package.json"], { encoding: "utf8" }));
    assert.equal(pkg.scripts?.postinstall, undefined, `${t} runs nothing at install`);
    assert.equal(pkg.scripts?.install, undefined, `${t} runs nothing at install`);
    if (pkg.name === "shop-answers") {
      assert.match(list, /package\/widget\/index\.js/);
      assert.match(list, /package\/widget\/index\.d\.ts/);
      assert.match(list, /package\/widget\/widget\.[0-9a-f]{12}\.wasm/);
    } else {
      assert.match(list, /package\/bin\/shop-answers\n/);
    }
  }
});

test("npm: installed offline from the tarballs, `npx shop-answers build` and `serve` work from a folder with no checkout", async () => {
  const dir = join(scratch, "npm");
  cpSync(join(ROOT, "tests/release/vite-app"), join(dir), { recursive: true });
  // The app's page: the demo product page, the script tag replaced by the app's module.
  const demo = readFileSync(join(ROOT, "www/demo/products/ridge-waterproof-jacket.html"), "utf8");
  const page = demo.replace('<script src="/dist/shop-answers.js" async></script>', '<script type="module" src="./main.js"></script>');
  assert.notEqual(page, demo, "the demo page's script tag");
  writeFileSync(join(dir, "index.html"), page.replace('href="/demo.css"', 'href="./demo.css"'));
  cpSync(join(ROOT, "www/demo/demo.css"), join(dir, "demo.css"));
  shopSources(dir);
  const files = tarballs.map((t) => join(RELEASE, t));
  timed("npm install (offline, from the tarballs)", () =>
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", ...files], { cwd: dir, stdio: "inherit" }),
  );
  const npx = (args, opts = {}) => execFileSync("npx", ["--offline", "--no-install", "shop-answers", ...args], { cwd: dir, encoding: "utf8", ...opts });
  assert.match(npx(["--version"]), /^shop-answers \d+\.\d+\.\d+ \(widget [0-9a-f]{12} \+ [0-9a-f]{12}\)\n$/);
  timed("npx shop-answers build", () => npx(["build", "pkg-config", "--out", "dist", "--valid-from", "2026-11-01"], { stdio: "inherit" }));
  const manifest = JSON.parse(readFileSync(join(dir, "dist/manifest.json"), "utf8"));
  for (const f of Object.values(manifest)) assert.ok(existsSync(join(dir, "dist", f)), f);
  const www = join(scratch, "npm-www");
  cpSync(join(ROOT, "www/demo"), www, { recursive: true });
  const server = await startServer({ dist: join(dir, "dist"), www, cli: join(dir, "node_modules/.bin/shop-answers") });
  servers.push(server);
  await checkProductPage(`${server.url}products/ridge-waterproof-jacket`, server.url);
});

test("npm: a Vite app imports shop-answers/widget, mounts it with the bundle's URL and refreshes after a client-side navigation", async () => {
  const dir = join(scratch, "npm");
  // The app's build: Vite copies the widget's wasm and stylesheet and bundles its glue.
  timed("vite build", () =>
    execFileSync(join(ROOT, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], { cwd: dir, stdio: "inherit" }),
  );
  const assets = readdirSync(join(dir, "app-dist/assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), assets.join(" "));
  assert.ok(assets.some((f) => f.endsWith(".css")), assets.join(" "));
  const server = await startServer({ dist: join(dir, "dist"), www: join(dir, "app-dist"), cli: join(dir, "node_modules/.bin/shop-answers") });
  servers.push(server);
  await checkProductPage(`${server.url}index.html`, server.url);
  // Client-side navigation to the order confirmation, then refresh(): the order's dates.
  const { page, log } = await newPage(browser);
  await page.clock.setFixedTime(new Date("2026-11-26T11:50:00Z"));
  await page.goto(`${server.url}index.html`);
  await page.locator("[data-shop-answers-context=product] .delivery").waitFor({ timeout: 15_000 });
  await page.evaluate(() => window.app.navigateToOrder());
  await page.locator("[data-shop-answers-context=order_confirmation] .delivery").waitFor({ timeout: 15_000 });
  const ctx = await page.evaluate(() => window.app.answers.context());
  assert.equal(ctx.page_type, "order_confirmation");
  assert.deepEqual(log.errors, []);
  await page.close();
});

test("cargo install --path . into a scratch root: the binary carries the widget and builds a shop from any folder", async () => {
  const dir = join(scratch, "cargo");
  shopSources(dir);
  // CARGO_TARGET_DIR and the widget folder as scripts/release.sh builds with: its release build
  // is reused, so this checks the install, not the compiler's speed (a fresh checkout's
  // `cargo install --path .`, widget build included, is in bench/RESULTS.md).
  timed("cargo install --path .", () =>
    execFileSync("cargo", ["install", "--quiet", "--locked", "--path", ROOT, "--root", join(dir, "root")], {
      cwd: dir,
      stdio: "inherit",
      env: { ...process.env, CARGO_TARGET_DIR: join(ROOT, "target"), SHOP_ANSWERS_WIDGET_DIR: join(ROOT, "target/widget") },
    }),
  );
  const cli = join(dir, "root/bin/shop-answers");
  assert.match(execFileSync(cli, ["--version"], { encoding: "utf8" }), /\(widget [0-9a-f]{12} \+ [0-9a-f]{12}\)/);
  execFileSync(cli, ["build", "pkg-config", "--out", "dist", "--valid-from", "2026-11-01"], { cwd: dir, stdio: "inherit" });
  const www = join(scratch, "cargo-www");
  cpSync(join(ROOT, "www/demo"), www, { recursive: true });
  const server = await startServer({ dist: join(dir, "dist"), www, cli });
  servers.push(server);
  await checkProductPage(`${server.url}products/ridge-waterproof-jacket`, server.url);
});
