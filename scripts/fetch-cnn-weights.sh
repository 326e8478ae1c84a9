#!/usr/bin/env bash
# Obtains the two Keras CNNs shipped in the npm package nsfwjs@4.4.0 (MIT) and converts them to
# standard TensorFlow.js layers model folders (model.json + .bin shards) that core/embeddings
# loads: <out>/mobilenet_v2/ and <out>/inception_v3/. Idempotent: quick when already present.
# Usage: scripts/fetch-cnn-weights.sh [OUT_DIR]   (default: ${VITRINE_BUILD_DIR:-build}/models)
# Needs node and npm (Debian: apt-get install nodejs npm); tries to install them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PKG=nsfwjs
VERSION=4.4.0
SHA256=585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382
MODELS=(mobilenet_v2 inception_v3)
OUT=${1:-${VITRINE_BUILD_DIR:-build}/models}
STAMP="$OUT/$PKG-$VERSION.stamp"

how_to() {
  echo "fetch-cnn-weights: $1" >&2
  echo "fetch-cnn-weights: the app still works with the 'handcrafted' extractor; to add the CNN" >&2
  echo "  extractors later install node and npm (sudo apt-get install nodejs npm), make sure the npm" >&2
  echo "  registry is reachable, and run: scripts/fetch-cnn-weights.sh [OUT_DIR]" >&2
  echo "  (or point VITRINE_MODELS_DIR at a folder holding mobilenet_v2/ and inception_v3/)." >&2
  exit 1
}

complete() {
  [ -f "$STAMP" ] || return 1
  for m in "${MODELS[@]}"; do [ -f "$OUT/$m/model.json" ] || return 1; done
}
if complete; then
  echo "fetch-cnn-weights: $OUT already holds ${MODELS[*]} from $PKG@$VERSION"
  exit 0
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if command -v apt-get >/dev/null; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
    echo "fetch-cnn-weights: installing nodejs and npm"
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends nodejs npm; } >&2 || true
  fi
  command -v node >/dev/null && command -v npm >/dev/null || how_to "node/npm not available"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "fetch-cnn-weights: npm pack $PKG@$VERSION"
(cd "$WORK" && npm pack "$PKG@$VERSION" --loglevel=error >/dev/null 2>"$WORK/npm.log") ||
  { cat "$WORK/npm.log" >&2; how_to "npm pack $PKG@$VERSION failed (is the npm registry reachable?)"; }
TGZ="$WORK/$PKG-$VERSION.tgz"
[ -f "$TGZ" ] || how_to "npm pack did not produce $TGZ"
# SHA-256 with what the platform has: sha256sum (GNU coreutils), shasum -a 256 (macOS, Perl),
# openssl; the check is never skipped.
sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null; then shasum -a 256 "$1" | awk '{print $1}'
  elif command -v openssl >/dev/null; then openssl dgst -sha256 -r "$1" | awk '{print $1}'
  else how_to "no SHA-256 tool (sha256sum, shasum or openssl) to check $1"
  fi
}
got=$(sha256_of "$TGZ")
[ "$got" = "$SHA256" ] || how_to "$TGZ does not have the expected SHA-256 ($got, expected $SHA256)"
tar -xzf "$TGZ" -C "$WORK"

mkdir -p "$OUT"
for m in "${MODELS[@]}"; do
  node "$ROOT/scripts/tfjs-unwrap.js" "$WORK/package/dist/models/$m" "$OUT/$m" || how_to "converting $m failed"
  cp "$WORK/package/LICENSE" "$OUT/$m/LICENSE"
  printf 'Converted from the npm package %s@%s (MIT, Infinite Red) dist/models/%s by\nscripts/fetch-cnn-weights.sh; see docs/cnn-embeddings.md.\n' \
    "$PKG" "$VERSION" "$m" >"$OUT/$m/SOURCE.txt"
done
touch "$STAMP"
echo "fetch-cnn-weights: done: $OUT/{$(IFS=,; echo "${MODELS[*]}")}"
