#!/usr/bin/env bash
# Compiles the widget to WebAssembly, generates the JS glue and shrinks the wasm. The widget is
# two modules the loader fetches apart (src/web/mod.rs): the first-paint module and the
# interactive one, each the same crate built with one feature:
#   target/widget/shop_answers_context.js, target/widget/shop_answers_context_bg.wasm
#   target/widget/shop_answers_search.js,  target/widget/shop_answers_search_bg.wasm
#   bash scripts/build-widget.sh [CRATE_DIR NAME]
# With arguments, builds another wasm-bindgen crate the same way (one module, no features)
# into target/NAME (the size floor in bench/size-floor/ uses this, so both are measured alike).
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
  std=rebuilt
  # std compiled with the widget, for size: a panic is a trap (`-Cpanic=immediate-abort`), so
  # no panic messages, formatting machinery or Unicode tables are linked. Debian's rustc-web
  # has std's sources (scripts/setup.sh installs it); its own target dir keeps the two
  # compilers' artifacts apart.
  echo "[$name] std rebuilt with the widget (Debian rustc $(/usr/bin/rustc -V | cut -d' ' -f2), -Cpanic=immediate-abort)"
else
  std=shipped
  echo "[$name] std as shipped (no Debian rustc-web with std's sources: scripts/setup.sh installs it): about 18 KB gzip larger"
fi

# compile FEATURES TARGET_DIR → prints the path of the compiled wasm
compile() {
  local features=$1 dir=$2
  if [ "$std" = rebuilt ]; then
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$remap -Zunstable-options -Cpanic=immediate-abort" \
      /usr/bin/cargo build --quiet --profile widget --lib --target wasm32-unknown-unknown --no-default-features \
      --manifest-path "$crate/Cargo.toml" --target-dir "$dir-std" -Z build-std=std,panic_abort \
      ${features:+--features "$features"} >&2
    echo "$dir-std/wasm32-unknown-unknown/widget/$lib.wasm"
  else
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$remap" \
      bash scripts/wasm-cargo.sh build --quiet --profile widget --lib --target wasm32-unknown-unknown --no-default-features \
      --manifest-path "$crate/Cargo.toml" --target-dir "$dir-shipped-std" \
      ${features:+--features "$features"} >&2
    echo "$dir-shipped-std/wasm32-unknown-unknown/widget/$lib.wasm"
  fi
}

raw=target/$name-raw
out=target/$name
mkdir -p "$raw" "$out"
size() { printf '%7d raw %7d gzip  %s\n' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)" "$1"; }

# finish WASM OUT_NAME: glue, wasm-opt, short import names
finish() {
  local wasm=$1 stem=$2
  wasm-bindgen --target web --no-typescript --out-dir "$raw" --out-name "$stem" "$wasm"
  node_modules/.bin/wasm-opt -Oz "$raw/${stem}_bg.wasm" -o "$raw/${stem}.opt.wasm"
  cp "$raw/$stem.js" "$raw/$stem.opt.js"
  # wasm-bindgen's hashed import names, spelled in both files, become one or two letters.
  node scripts/shorten-imports.mjs "$raw/${stem}.opt.wasm" "$raw/$stem.opt.js"
  # Unchanged files keep their time stamps: the CLI, which embeds them, is not rebuilt.
  keep_or_replace "$raw/${stem}.opt.wasm" "$out/${stem}_bg.wasm"
  keep_or_replace "$raw/$stem.opt.js" "$out/$stem.js"
}
keep_or_replace() { cmp -s "$1" "$2" || { cp "$1" "$2.tmp" && mv "$2.tmp" "$2"; }; }

if [ "$crate" = . ]; then
  # Each module in a target dir of its own: building one never invalidates the other.
  finish "$(compile widget-context "target/$name-context")" "${lib}_context"
  finish "$(compile widget-search "target/$name-search")" "${lib}_search"
  # Modules of an older layout would otherwise be picked up as widget files.
  rm -f "$out/$lib.js" "$out/${lib}_bg.wasm"
  stems="${lib}_context ${lib}_search"
else
  finish "$(compile "" "target/$name")" "$lib"
  stems=$lib
fi
echo "[$name] sizes after wasm-opt:"
for s in $stems; do
  size "$out/${s}_bg.wasm"
  size "$out/$s.js"
done
size www/loader.js
