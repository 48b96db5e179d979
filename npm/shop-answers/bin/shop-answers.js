#!/usr/bin/env node
// `npx shop-answers …`: runs the prebuilt CLI from the package for this platform, one of the
// optional dependencies npm installs only where its os and cpu match (as esbuild and Pagefind
// ship theirs). SHOP_ANSWERS_BINARY names another binary (e.g. one from `cargo install`).
import { spawn } from "node:child_process";
import { accessSync, chmodSync, constants } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const platform = `${process.platform}-${process.arch}`;
const exe = process.platform === "win32" ? "shop-answers.exe" : "shop-answers";

function binary() {
  if (process.env.SHOP_ANSWERS_BINARY) return process.env.SHOP_ANSWERS_BINARY;
  let path;
  try {
    path = require.resolve(`@shop-answers/cli-${platform}/bin/${exe}`);
  } catch {
    console.error(
      `shop-answers: no prebuilt CLI for ${platform} is installed (@shop-answers/cli-${platform}).\n` +
        "  Prebuilt: linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64. If yours is one of them,\n" +
        "  reinstall without --no-optional / --omit=optional. Otherwise build it from source with Rust:\n" +
        "  `cargo install shop-answers` and set SHOP_ANSWERS_BINARY to the binary.",
    );
    process.exit(1);
  }
  // Some installers drop the executable bit of files in a package.
  try {
    accessSync(path, constants.X_OK);
  } catch {
    try { chmodSync(path, 0o755); } catch { /* then spawning reports it */ }
  }
  return path;
}

// Asynchronous, so signals sent to this process (Ctrl-C, a supervisor's SIGTERM) reach the
// CLI, and its exit status or signal is this process's.
const child = spawn(binary(), process.argv.slice(2), { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (e) => {
  console.error(`shop-answers: cannot run the CLI: ${e.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
