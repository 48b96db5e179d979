// Shared setup for the browser tests: the project's own preview server (`shop-answers serve`)
// on 127.0.0.1 and Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = new URL("../../", import.meta.url).pathname;

/** Starts `shop-answers serve` on a free port with its own inbox file (never the shared
 * default one); resolves to { url, inbox, stop }. `args` are extra options (--faults …);
 * `cli` another build of the CLI (the benchmarks use the release one). */
export function startServer({ dist = process.env.SHOP_ANSWERS_DIST || "dist", www = "www/demo", inbox, args = [], cli = `${ROOT}target/debug/shop-answers` } = {}) {
  inbox ??= join(mkdtempSync(join(tmpdir(), "sa-inbox-")), "inbox.jsonl");
  return new Promise((resolve, reject) => {
    const proc = spawn(cli, ["serve", dist, "--www", www, "--port", "0", "--inbox", inbox, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ url: m[0], inbox, stop: () => proc.kill() });
    });
    proc.on("exit", (code) => reject(new Error(`server exited early (${code}): ${out}`)));
    setTimeout(() => reject(new Error("server did not start within 10 s")), 10_000).unref();
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      // Extra switches for investigations, e.g. CHROMIUM_ARGS=--js-flags=--no-wasm-lazy-compilation
      ...(process.env.CHROMIUM_ARGS || "").split(" ").filter(Boolean),
    ],
  });
}

/** A page that records console warnings/errors and CSP violations. */
export async function newPage(browser) {
  const page = await browser.newPage();
  const log = { warnings: [], errors: [] };
  page.on("console", (m) => {
    if (m.type() === "warning") log.warnings.push(m.text());
    if (m.type() === "error") log.errors.push(m.text());
  });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  return { page, log };
}

/** Builds the example shop into a temporary dist with `contact` lines added to its
 * `[contact]` table (e.g. "min_fill_seconds = 0"); returns the dist directory. */
export function buildDist(contact = "", edit = (shopToml) => shopToml) {
  const dir = mkdtempSync(join(tmpdir(), "sa-dist-"));
  cpSync(join(ROOT, "pkg-config"), join(dir, "src"), { recursive: true });
  const shop = join(dir, "src", "shop.toml");
  writeFileSync(shop, edit(readFileSync(shop, "utf8").replace("[contact]\n", `[contact]\n${contact}\n`)));
  execFileSync(`${ROOT}target/debug/shop-answers`, ["build", join(dir, "src"), "--out", join(dir, "dist"), "--widget", join(ROOT, "target/widget")], { stdio: "ignore" });
  return join(dir, "dist");
}

/** Builds the example shop into a temporary dist with `text` appended to its delivery.toml
 * (calendars from 2026-11-01, like `make test-browser`); returns the dist directory. */
export function buildDistWithDelivery(text) {
  const dir = mkdtempSync(join(tmpdir(), "sa-dist-"));
  cpSync(join(ROOT, "pkg-config"), join(dir, "src"), { recursive: true });
  const rules = join(dir, "src", "delivery.toml");
  writeFileSync(rules, readFileSync(rules, "utf8") + "\n" + text);
  execFileSync(`${ROOT}target/debug/shop-answers`, ["build", join(dir, "src"), "--out", join(dir, "dist"), "--widget", join(ROOT, "target/widget"), "--valid-from", "2026-11-01"], { stdio: "ignore" });
  return join(dir, "dist");
}

/** The messages the server's inbox holds, oldest first. */
export async function inboxMessages(url) {
  const r = await fetch(new URL("inbox.json", url));
  return (await r.json()).messages.reverse();
}
