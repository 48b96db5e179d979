#!/usr/bin/env bash
# Compiles the widget to WebAssembly, generates the JS glue and shrinks the wasm:
#   target/widget/shop_answers.js, target/widget/shop_answers_bg.wasm
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Source paths end up in panic locations: strip the machine-specific prefixes so the widget
# is smaller and byte-identical wherever it is built.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$(echo "$HOME"/.cargo/registry/src/index.crates.io-*)/= --remap-path-prefix=$PWD/="
bash scripts/wasm-cargo.sh build --quiet --release --lib --target wasm32-unknown-unknown
raw=target/widget-raw
out=target/widget
mkdir -p "$raw" "$out"
wasm-bindgen --target web --no-typescript --out-dir "$raw" target/wasm32-unknown-unknown/release/shop_answers.wasm
node_modules/.bin/wasm-opt -Oz "$raw/shop_answers_bg.wasm" -o "$out/shop_answers_bg.wasm.tmp"
mv "$out/shop_answers_bg.wasm.tmp" "$out/shop_answers_bg.wasm"
cp "$raw/shop_answers.js" "$out/shop_answers.js"
size() { printf '%7d raw %7d gzip  %s\n' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)" "$1"; }
echo "[widget] sizes after wasm-opt:"
size "$out/shop_answers_bg.wasm"
size "$out/shop_answers.js"
size www/loader.js
