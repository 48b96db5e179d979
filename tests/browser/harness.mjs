// Shared setup for the browser tests: the project's own preview server (`shop-answers serve`)
// on 127.0.0.1 and Debian's Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

export const ROOT = new URL("../../", import.meta.url).pathname;

/** Starts `shop-answers serve` on a free port; resolves to { url, stop }. */
export function startServer({ dist = process.env.SHOP_ANSWERS_DIST || "dist", www = "www/demo" } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(`${ROOT}target/debug/shop-answers`, ["serve", dist, "--www", www, "--port", "0"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ url: m[0], stop: () => proc.kill() });
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
