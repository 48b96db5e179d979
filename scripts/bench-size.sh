#!/usr/bin/env bash
# Bundle index size against MiniSearch on the same documents (see bench/size.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=target/release/shop-answers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # label entries.jsonl
  "$CLI" build "$2" --bundle-only --out "$tmp/$1" 2>/dev/null
  node bench/size.mjs "$2" "$tmp/$1/$(node -p "require('$tmp/$1/manifest.json').bundle")" "$1"
}
SF=../shared/data/stackfaq/faqs.jsonl
if [ -f "$SF" ]; then run stackfaq "$SF"; else echo "stackfaq: skipped ($SF not found)"; fi
for n in 1000 10000; do
  "$CLI" synth --entries "$n" >"$tmp/synth-$n.jsonl"
  run "synth-$n" "$tmp/synth-$n.jsonl"
done
