#!/usr/bin/env bash
# Installs what building and testing shop-answers needs, only where it is missing:
#   wasm32 std, the wasm-bindgen CLI matching Cargo.lock, Chromium + chromedriver, Debian's
#   rustc-web with std's sources (the widget's size build), npm dev packages (Playwright core, binaryen's wasm-opt) from package-lock.json,
#   python-holidays (pinned) in target/calendars-venv for the delivery-calendar oracle.
# Idempotent: on a ready machine it only checks, in a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock 2>/dev/null || true)
[ -n "$WB_VERSION" ] || WB_VERSION=$(grep -o 'wasm-bindgen = "=[0-9.]*"' Cargo.toml | grep -o '[0-9][0-9.]*')
[ -n "$WB_VERSION" ] || die "cannot tell which wasm-bindgen version Cargo.lock pins"

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    timeout 300 $SUDO apt-get update -qq || die "apt-get update failed or timed out (is the Debian mirror reachable?)"
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive timeout 900 $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed or timed out"
}

has_wasm_std() {
  local dir
  dir=$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null) || return 1
  compgen -G "$dir/libstd-*.rlib" >/dev/null
}

# --- wasm-bindgen CLI: built in the background, it is the slowest step -------------------------
wb_ok() { command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WB_VERSION" ]; }
WB_PID=""
WB_LOG=$(mktemp)
install_wasm_bindgen() {
  local tmp crate
  tmp=$(mktemp -d)
  if timeout 900 cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked --root "$HOME/.cargo" --target-dir "$tmp/target"; then
    rm -rf "$tmp"; return 0
  fi
  # Its packaged Cargo.lock can name a dependency version the registry mirror lacks: re-resolve
  # only that crate (documented in ../shared/TOOLCHAIN.md) and build from the cached source.
  crate=$(ls "$HOME"/.cargo/registry/cache/*/wasm-bindgen-cli-"$WB_VERSION".crate 2>/dev/null | head -n1)
  [ -n "$crate" ] || { rm -rf "$tmp"; return 1; }
  tar -xzf "$crate" -C "$tmp"
  (cd "$tmp/wasm-bindgen-cli-$WB_VERSION" && timeout 120 cargo update -p webpki-roots --precise 1.0.10 2>/dev/null \
     || timeout 120 cargo update -p webpki-roots) || true
  (cd "$tmp/wasm-bindgen-cli-$WB_VERSION" && timeout 1200 cargo install --path . --locked --root "$HOME/.cargo" --target-dir "$tmp/target")
  local rc=$?
  rm -rf "$tmp"
  return $rc
}
if wb_ok; then
  :
else
  say "building wasm-bindgen CLI $WB_VERSION in the background (a few minutes, once per machine)"
  install_wasm_bindgen >"$WB_LOG" 2>&1 &
  WB_PID=$!
fi

# --- wasm32 standard library ------------------------------------------------------------------
if ! has_wasm_std; then
  say "adding wasm32-unknown-unknown std with rustup"
  if ! timeout 120 rustup target add wasm32-unknown-unknown; then
    say "rustup could not download the wasm32 std; trying Debian's rustc-web toolchain"
    apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
    # Build std once for wasm32 with Debian's compiler and install the rlibs into its sysroot.
    tmp=$(mktemp -d)
    mkdir -p "$tmp/p/src"
    printf '[package]\nname="stdprobe"\nversion="0.0.0"\nedition="2021"\n[lib]\ncrate-type=["cdylib","rlib"]\n[profile.release]\nopt-level=3\nlto=true\ncodegen-units=1\npanic="abort"\n' >"$tmp/p/Cargo.toml"
    : >"$tmp/p/src/lib.rs"
    (cd "$tmp/p" && RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 timeout 900 /usr/bin/cargo build --release \
       --target wasm32-unknown-unknown -Z build-std=std,panic_abort,test) || die "building wasm32 std with Debian's rustc failed"
    libdir=$(/usr/bin/rustc --print target-libdir --target wasm32-unknown-unknown)
    mkdir -p "$libdir"
    find "$tmp/p/target/wasm32-unknown-unknown/release/deps" -name 'lib*.rlib' ! -name 'libstdprobe*' -exec cp {} "$libdir/" \;
    /usr/bin/rustc -V >"$libdir/.stamp"
    rm -rf "$tmp"
    say "Debian toolchain ready: build with RUSTC=/usr/bin/rustc /usr/bin/cargo (the Makefile does this)"
  fi
fi

# --- Chromium and chromedriver; std's sources for the widget's size build ------------------------
# scripts/build-widget.sh recompiles std with the widget (`-Cpanic=immediate-abort`: no panic
# messages, formatting machinery or their Unicode tables, about 18 KB gzip). That needs std's
# sources for the compiler that builds it; rustup's toolchains here come without rust-src and
# cannot fetch it, Debian's rustc-web ships them (rust-web-src).
pkgs=()
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  pkgs+=(chromium chromium-driver)
fi
if ! dpkg -s rustc-web cargo-web rust-web-src rust-web-llvm lld-22 >/dev/null 2>&1; then
  pkgs+=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  apt_install "${pkgs[@]}"
fi

# --- npm dev packages -------------------------------------------------------------------------
lock_sum=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f node_modules/.lock-stamp ] || [ "$(cat node_modules/.lock-stamp)" != "$lock_sum" ]; then
  say "npm ci"
  timeout 300 npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed or timed out (is the npm registry reachable?)"
  echo "$lock_sum" >node_modules/.lock-stamp
fi
node_modules/.bin/wasm-opt --version >/dev/null || die "wasm-opt from npm binaryen does not run"

# --- python-holidays for the calendar oracle, in a venv of its own ------------------------------
# Pinned with hashes in scripts/calendars-requirements.txt; reinstalled only when that file changes.
CAL_VENV=target/calendars-venv
cal_sum=$(sha256sum scripts/calendars-requirements.txt | cut -c1-16)
if [ ! -x "$CAL_VENV/bin/python" ] || [ "$(cat "$CAL_VENV/.req-stamp" 2>/dev/null)" != "$cal_sum" ]; then
  say "python-holidays into $CAL_VENV"
  rm -rf "$CAL_VENV"
  python3 -m venv "$CAL_VENV" || die "python3 -m venv failed (Python 3 with venv and pip is needed for the calendar oracle)"
  timeout 300 "$CAL_VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps \
    -r scripts/calendars-requirements.txt || die "pip install of python-holidays failed or timed out (is PyPI reachable?)"
  echo "$cal_sum" >"$CAL_VENV/.req-stamp"
fi
"$CAL_VENV/bin/python" -c 'import holidays' || die "python-holidays in $CAL_VENV does not import"

# --- wait for the wasm-bindgen CLI --------------------------------------------------------------
if [ -n "$WB_PID" ]; then
  if ! wait "$WB_PID"; then
    tail -n 30 "$WB_LOG" >&2
    die "could not build wasm-bindgen-cli $WB_VERSION (log above)"
  fi
  wb_ok || die "wasm-bindgen on PATH is not version $WB_VERSION"
  say "wasm-bindgen $WB_VERSION installed"
fi
rm -f "$WB_LOG"
say "ready (wasm-bindgen $WB_VERSION, $(chromium --version 2>/dev/null | head -n1), $(node_modules/.bin/wasm-opt --version), python-holidays $("$CAL_VENV/bin/python" -c 'import holidays; print(holidays.__version__)'))"
