#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) on its corpus (fuzz/corpus/<target>/) for
# FUZZ_SECONDS each (default 3: the smoke in `make test`), then prints one line per target:
# executions, crashes, and the slowest corpus input replayed afterwards. New inputs libFuzzer
# finds go to target/fuzz-new/<target>/ (merge worthwhile ones with `cargo fuzz cmin`).
# Needs a nightly toolchain and cargo-fuzz; without them it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-3}
if ! cargo +nightly --version >/dev/null 2>&1 || ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: skipped (needs a nightly toolchain and cargo-fuzz: cargo install cargo-fuzz)"
  exit 0
fi
cargo +nightly fuzz build >/dev/null
BIN=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p fuzz/artifacts
fail=0
for f in fuzz/fuzz_targets/*.rs; do
  t=$(basename "$f" .rs)
  mkdir -p "target/fuzz-new/$t"
  log=$(mktemp)
  if "$BIN/$t" -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="fuzz/artifacts/$t-" "target/fuzz-new/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    crashes=0
  else
    crashes=1
    fail=1
  fi
  execs=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  # Replay the kept corpus: libFuzzer prints the time of each input it runs.
  slowest=$("$BIN/$t" -runs=1 fuzz/corpus/"$t"/* 2>&1 | grep -o 'in [0-9]* ms' | grep -o '[0-9]*' | sort -n | tail -1 || true)
  printf "fuzz %-14s %9s executions in %ss, crashes %s, slowest corpus input %s ms\n" "$t" "$execs" "$SECONDS_EACH" "$crashes" "${slowest:-0}"
  [ "$crashes" = 0 ] || tail -30 "$log"
  rm -f "$log"
done
exit $fail
