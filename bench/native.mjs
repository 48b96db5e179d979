// The native benchmarks (benches/search.rs: query latency on 10k entries and StackFAQ relevance;
// benches/context.rs: page understanding per 100 KB), run by cargo with their figures written
// to results.json key "native" (bench/report.mjs turns them into RESULTS.md's tables).
//   node bench/native.mjs
// Built in target/bench with the bench profile (opt-level 3), apart from the size-tuned release
// profile's LTO artifacts. Never fails on timing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, isMain, mergeResults } from "./common.mjs";

function cargoBench(name, tmp) {
  const json = join(tmp, `${name}.json`);
  execFileSync("cargo", ["bench", "--quiet", "--features", "cli", "--bench", name], {
    cwd: ROOT, stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CARGO_TARGET_DIR: join(ROOT, "target/bench"), BENCH_JSON: json },
  });
  return JSON.parse(readFileSync(json, "utf8"));
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), "sa-native-"));
  mergeResults("native", { search: cargoBench("search", tmp), context: cargoBench("context", tmp) });
}

if (isMain(import.meta)) await main();
