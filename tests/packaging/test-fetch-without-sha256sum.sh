#!/usr/bin/env bash
# scripts/fetch-cnn-weights.sh on a machine without GNU sha256sum (macOS has only shasum): the
# download is still verified (shasum -a 256 fallback) and both models are converted. Needs the npm
# registry; exits 77 (ctest: skipped) when npm cannot reach it.
# Usage: tests/packaging/test-fetch-without-sha256sum.sh SOURCE_ROOT
set -euo pipefail
SRC=$(cd "$1" && pwd)
fail() { echo "test-fetch: FAIL: $*" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A PATH holding every program of this PATH except sha256sum.
mkdir "$WORK/bin"
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for p in "$d"/*; do
    name=$(basename "$p")
    [ "$name" = sha256sum ] && continue
    [ -x "$p" ] && [ ! -e "$WORK/bin/$name" ] && ln -s "$p" "$WORK/bin/$name"
  done
done
PATH="$WORK/bin" command -v sha256sum >/dev/null && fail "sha256sum is still on the reduced PATH"
PATH="$WORK/bin" command -v shasum >/dev/null || echo "note: no shasum either; the openssl fallback is used"

if ! timeout 60 npm view nsfwjs@4.4.0 version >/dev/null 2>&1; then
  echo "test-fetch: the npm registry is not reachable: skipped"
  exit 77
fi
set +e
PATH="$WORK/bin" bash "$SRC/scripts/fetch-cnn-weights.sh" "$WORK/models" >"$WORK/log" 2>&1
rc=$?
set -e
cat "$WORK/log"
[ "$rc" = 0 ] || fail "fetch-cnn-weights.sh exited with $rc without sha256sum"
for m in mobilenet_v2 inception_v3; do
  [ -s "$WORK/models/$m/model.json" ] || fail "no $m/model.json"
done
echo "test-fetch: ok: weights fetched and verified without sha256sum"
