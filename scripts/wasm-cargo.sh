#!/usr/bin/env bash
# Runs cargo for the wasm32 target with whichever toolchain has a wasm32 std on this machine:
# rustup's (preferred), or Debian's rustc-web with the std that scripts/setup.sh built.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
dir=$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null || true)
if [ -n "$dir" ] && compgen -G "$dir/libstd-*.rlib" >/dev/null; then
  exec cargo "$@"
fi
if [ -x /usr/bin/rustc ]; then
  dir=$(/usr/bin/rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null || true)
  if [ -n "$dir" ] && compgen -G "$dir/libstd-*.rlib" >/dev/null; then
    if [ "${1:-}" = clippy ]; then
      echo "[wasm-cargo] skipping wasm32 clippy: Debian's fallback toolchain has no clippy (rustup could not add the wasm32 std)" >&2
      exit 0
    fi
    export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
    exec /usr/bin/cargo "$@"
  fi
fi
echo "[wasm-cargo] no wasm32 standard library found: run scripts/setup.sh" >&2
exit 1
