#!/usr/bin/env bash
# Builds Vitrine (Release) and runs CPack: on Linux vitrine_<version>_<arch>.deb and the relocatable
# vitrine-<version>-Linux-<arch>.tar.gz (CPack's platform defaults elsewhere: NSIS+ZIP on Windows,
# DragNDrop .dmg on macOS). The converted CNN weights are bundled when scripts/fetch-cnn-weights.sh
# can provide them (else the packages ship without them and say so).
# Usage: scripts/package.sh [OUT_DIR]        (default OUT_DIR: $BUILD/packages)
# Env: VITRINE_BUILD_DIR (default build), VITRINE_JOBS (default 2), VITRINE_SKIP_MODELS=1 (do not
#      fetch CNN weights), VITRINE_REQUIRE_MODELS=1 (a missing model is an error: packaging jobs),
#      VITRINE_CMAKE_ARGS (extra configure flags), VITRINE_CPACK_GENERATORS
#      (e.g. "DEB;TGZ"; default: the platform's set from packaging/cpack.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${VITRINE_BUILD_DIR:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
OUT=${1:-$BUILD/packages}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
JOBS=${VITRINE_JOBS:-2}

if [ -z "${VITRINE_SKIP_MODELS:-}" ]; then
  if ! bash scripts/fetch-cnn-weights.sh "$BUILD/models"; then
    if [ "${VITRINE_REQUIRE_MODELS:-0}" = 1 ]; then
      echo "package: error: no CNN weights in $BUILD/models (VITRINE_REQUIRE_MODELS=1)" >&2
      exit 1
    fi
    echo "package: warning: no CNN weights in $BUILD/models; the packages ship without them" >&2
  fi
fi

# Configure (Release) when not configured yet, or when asked for extra flags.
GEN=()
if [ ! -f "$BUILD/CMakeCache.txt" ] && command -v ninja >/dev/null; then GEN=(-G Ninja); fi
if [ ! -f "$BUILD/CMakeCache.txt" ] || [ -n "${VITRINE_CMAKE_ARGS:-}" ]; then
  # shellcheck disable=SC2086  # VITRINE_CMAKE_ARGS is a list of flags
  cmake -S "$ROOT" -B "$BUILD" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release ${VITRINE_CMAKE_ARGS:-}
fi

# Build only what the packages contain (tests and benchmarks are not installed).
TARGETS=(vitrine-cli)
if grep -q '^VITRINE_BUILD_UI:BOOL=ON' "$BUILD/CMakeCache.txt"; then TARGETS+=(vitrine); fi
if cmake --build "$BUILD" --target help 2>/dev/null | grep -q 'vitrine_package_docs'; then
  TARGETS+=(vitrine_package_docs)  # Linux: man pages and changelog.gz
fi
cmake --build "$BUILD" --config Release --target "${TARGETS[@]}" -j "$JOBS"

CPACK_ARGS=(--config "$BUILD/CPackConfig.cmake" -C Release -B "$OUT")
if [ -n "${VITRINE_CPACK_GENERATORS:-}" ]; then CPACK_ARGS+=(-G "$VITRINE_CPACK_GENERATORS"); fi
(cd "$BUILD" && cpack "${CPACK_ARGS[@]}")
rm -rf "$OUT/_CPack_Packages"
echo "package: packages in $OUT:"
for f in "$OUT"/*.deb "$OUT"/*.tar.gz "$OUT"/*.exe "$OUT"/*.zip "$OUT"/*.dmg; do
  if [ -f "$f" ]; then echo "  $(basename "$f") ($(wc -c <"$f" | tr -d ' ') bytes)"; fi
done
