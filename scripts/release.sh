#!/usr/bin/env bash
# Cuts a release of the version in Cargo.toml into target/release-VERSION/ (or --out DIR):
#   shop-answers-VERSION.crate            the crate, with the prebuilt widget it embeds
#   shop-answers-VERSION.tgz              npm: `npx shop-answers`, `import … from "shop-answers/widget"`
#   shop-answers-cli-PLATFORM-VERSION.tgz npm: the prebuilt CLI per platform this machine builds
#   shop-answers-example-dist-VERSION.tar.gz  the example shop's dist/, for a static host
#   SHA256SUMS, CHANGELOG-VERSION.md     checksums; the changes since the last tag
#   bash scripts/release.sh [--out DIR] [--changelog] [--host-only]
# --changelog also puts the entry at the top of CHANGELOG.md; --host-only builds only this
# machine's platform (tests). Needs scripts/setup.sh's tools; cross targets need their linker
# (linux-arm64: gcc-aarch64-linux-gnu from Debian) and are skipped with a note without it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=target/release-$version
changelog=0
host_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --changelog) changelog=1; shift ;;
    --host-only) host_only=1; shift ;;
    *) echo "release: unknown argument $1" >&2; exit 2 ;;
  esac
done
say() { printf '[release] %s\n' "$*"; }
stage=$out/stage
rm -rf "$out"
mkdir -p "$stage"
out=$(cd "$out" && pwd)
stage=$out/stage

# The widget first: every binary carries it.
bash scripts/build-widget.sh >/dev/null
export SHOP_ANSWERS_WIDGET_DIR=$PWD/target/widget

# rust-target npm-platform os cpu linker
targets=("x86_64-unknown-linux-gnu linux-x64 linux x64 -")  # the host
if [ "$host_only" = 0 ]; then
  targets+=("aarch64-unknown-linux-gnu linux-arm64 linux arm64 aarch64-linux-gnu-gcc")
fi
# The cross linker and std for linux-arm64, installed where missing (Debian's package, rustup's std).
if [ "$host_only" = 0 ]; then
  rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu \
    || timeout 300 rustup target add aarch64-unknown-linux-gnu || say "rustup could not add the aarch64 std"
  if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    { timeout 300 $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get install -y -qq \
        --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross >/dev/null; } || say "could not install gcc-aarch64-linux-gnu"
  fi
fi
built=()
for t in "${targets[@]}"; do
  read -r triple platform os cpu linker <<<"$t"
  say "CLI for $platform ($triple)"
  if [ "$linker" = - ]; then
    # This machine's own: target/release/shop-answers, which `cargo install` reuses.
    cargo build --quiet --release --locked
    exe=target/release/shop-answers
  else
    if ! command -v "$linker" >/dev/null || ! rustup target list --installed 2>/dev/null | grep -qx "$triple"; then
      say "skipped $platform: needs the $triple std (rustup target add $triple) and $linker (apt-get install gcc-aarch64-linux-gnu)"
      continue
    fi
    env "CARGO_TARGET_$(echo "$triple" | tr a-z- A-Z_)_LINKER=$linker" cargo build --quiet --release --locked --target "$triple"
    exe=target/$triple/release/shop-answers
  fi
  pkg=$stage/cli-$platform
  mkdir -p "$pkg/bin"
  cp "$exe" "$pkg/bin/shop-answers"
  sed -e "s/{{PLATFORM}}/$platform/g" -e "s/{{VERSION}}/$version/g" -e "s/{{OS}}/$os/g" -e "s/{{CPU}}/$cpu/g" \
    npm/cli/package.json.in >"$pkg/package.json"
  (cd "$pkg" && npm pack --silent --pack-destination "$out" >/dev/null)
  built+=("$platform")
done
host=target/release/shop-answers

# The npm package: launcher, the widget as an ES module, the version of this release.
cp -r npm/shop-answers "$stage/shop-answers"
node -e '
  const fs = require("fs"), [file, v] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync(file, "utf8"));
  p.version = v;
  for (const k of Object.keys(p.optionalDependencies)) p.optionalDependencies[k] = v;
  fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
' "$stage/shop-answers/package.json" "$version"
"$host" module --out "$stage/shop-answers/widget" 2>/dev/null
(cd "$stage/shop-answers" && npm pack --silent --pack-destination "$out" >/dev/null)

# The crate, with the prebuilt widget its build.rs embeds.
rm -rf widget-dist
cp -r target/widget widget-dist
cargo package --quiet --allow-dirty --no-verify --target-dir "$stage/crate" 2>/dev/null
cp "$stage/crate/package/shop-answers-$version.crate" "$out/"
rm -rf widget-dist

# The example shop, built and archived for a static host.
"$host" build pkg-config --out "$stage/dist" 2>/dev/null
tar -czf "$out/shop-answers-example-dist-$version.tar.gz" -C "$stage" dist

# What changed since the last tag.
last=$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null || true)
{
  echo "## $version — $(date -u +%Y-%m-%d)"
  echo
  git log --no-merges --format='- %s' ${last:+"$last..HEAD"} | cut -c1-200
  echo
} >"$out/CHANGELOG-$version.md"
if [ "$changelog" = 1 ]; then
  { echo "# Changelog"; echo; cat "$out/CHANGELOG-$version.md"; [ -f CHANGELOG.md ] && tail -n +3 CHANGELOG.md; } >CHANGELOG.md.tmp
  mv CHANGELOG.md.tmp CHANGELOG.md
fi

(cd "$out" && sha256sum ./*.crate ./*.tgz ./*.tar.gz | sed 's| \./| |' >SHA256SUMS)
rm -rf "$stage"
say "built ${built[*]} into $out:"
(cd "$out" && ls -l --block-size=1 | awk 'NR > 1 { printf "  %10d  %s\n", $5, $9 }')
