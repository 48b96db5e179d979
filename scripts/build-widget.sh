#!/usr/bin/env bash
# Compiles the widget to WebAssembly, generates the JS glue and shrinks the wasm:
#   target/widget/shop_answers.js, target/widget/shop_answers_bg.wasm
#   bash scripts/build-widget.sh [CRATE_DIR NAME]
# With arguments, builds another wasm-bindgen crate the same way into target/NAME (the size
# floor in bench/size-floor/ uses this, so both are measured alike).
set -euo pipefail
cd "$(dirname "$0")/.."
crate=${1:-.}
name=${2:-widget}
lib=$(sed -n 's/^name = "\(.*\)"/\1/p' "$crate/Cargo.toml" | head -1 | tr - _)
export PATH="$HOME/.cargo/bin:$PATH"
# Source paths end up in panic locations: strip the machine-specific prefixes so the widget
# is smaller and byte-identical wherever it is built.
remap="--remap-path-prefix=$(echo "$HOME"/.cargo/registry/src/index.crates.io-*)/= --remap-path-prefix=$PWD/="
if [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library/std ] && [ "${SHOP_ANSWERS_SHIPPED_STD:-}" != 1 ]; then
  # std compiled with the widget, for size: a panic is a trap (`-Cpanic=immediate-abort`), so
  # no panic messages, formatting machinery or Unicode tables are linked. Debian's rustc-web
  # has std's sources (scripts/setup.sh installs it); its own target dir keeps the two
  # compilers' artifacts apart.
  echo "[$name] std rebuilt with the widget (Debian rustc $(/usr/bin/rustc -V | cut -d' ' -f2), -Cpanic=immediate-abort)"
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$remap -Zunstable-options -Cpanic=immediate-abort" \
    /usr/bin/cargo build --quiet --profile widget --lib --target wasm32-unknown-unknown \
    --manifest-path "$crate/Cargo.toml" --target-dir "target/$name-std" -Z build-std=std,panic_abort
  wasm=target/$name-std/wasm32-unknown-unknown/widget/$lib.wasm
else
  echo "[$name] std as shipped (no Debian rustc-web with std's sources: scripts/setup.sh installs it): about 18 KB gzip larger"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$remap" \
    bash scripts/wasm-cargo.sh build --quiet --profile widget --lib --target wasm32-unknown-unknown \
    --manifest-path "$crate/Cargo.toml" --target-dir "target/$name-shipped-std"
  wasm=target/$name-shipped-std/wasm32-unknown-unknown/widget/$lib.wasm
fi
raw=target/$name-raw
out=target/$name
mkdir -p "$raw" "$out"
wasm-bindgen --target web --no-typescript --out-dir "$raw" "$wasm"
node_modules/.bin/wasm-opt -Oz "$raw/${lib}_bg.wasm" -o "$out/${lib}_bg.wasm.tmp"
mv "$out/${lib}_bg.wasm.tmp" "$out/${lib}_bg.wasm"
cp "$raw/$lib.js" "$out/$lib.js"
# wasm-bindgen's hashed import names, spelled in both files, become one or two letters.
node scripts/shorten-imports.mjs "$out/${lib}_bg.wasm" "$out/$lib.js"
size() { printf '%7d raw %7d gzip  %s\n' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)" "$1"; }
echo "[$name] sizes after wasm-opt:"
size "$out/${lib}_bg.wasm"
size "$out/$lib.js"
size www/loader.js
