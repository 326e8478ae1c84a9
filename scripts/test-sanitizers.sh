#!/usr/bin/env bash
# The checking build (issues 16 and 20): everything built a second time with clang++ (Debian
# clang), C++17, warnings as errors, AddressSanitizer + UndefinedBehaviorSanitizer, in its own
# folder, then every test except the "long" ones. Any sanitizer report aborts its test.
# Usage: scripts/test-sanitizers.sh           Env: VITRINE_SANITIZER_BUILD_DIR (default
#        build-clang-asan), VITRINE_JOBS (default nproc), VITRINE_SANITIZE (default address,undefined),
#        VITRINE_SANITIZER_SCOPE=core (build and test only core and its tests, no Qt; default
#        all: core, ui, app and every test but the long ones).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${VITRINE_SANITIZER_BUILD_DIR:-build-clang-asan}
JOBS=${VITRINE_JOBS:-$(nproc)}
SANITIZE=${VITRINE_SANITIZE:-address,undefined}
command -v clang++ >/dev/null || { echo "test-sanitizers: clang++ is needed (Debian: apt-get install clang)" >&2; exit 1; }

# Benchmarks are not tests: never built here.
EXTRA=(-DVITRINE_BUILD_BENCH=OFF)
SCOPE=${VITRINE_SANITIZER_SCOPE:-all}
[ "$SCOPE" = core ] && EXTRA+=(-DVITRINE_BUILD_UI=OFF)
start=$(date +%s)
# -O1 and line tables: usable stack traces at a fraction of -O2's compile time; asserts stay on.
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -gline-tables-only" \
  -DVITRINE_WERROR=ON "-DVITRINE_SANITIZE=$SANITIZE" "${EXTRA[@]}" >/dev/null
cmake --build "$BUILD" -j "$JOBS"
built=$(date +%s)
echo "test-sanitizers: clang build ($SANITIZE, -Werror) took $((built - start)) s"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:strict_init_order=1"
export LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$ROOT/tests/sanitizers/ubsan.supp"
export QT_QPA_PLATFORM=offscreen
# Core tests are independent and run $JOBS at a time; the others (ui, packaging checks) one at a
# time, as the ui ones share the demo catalog.
ctest --test-dir "$BUILD" --output-on-failure -L core -LE long -j "$JOBS"
if [ "$SCOPE" != core ]; then
  ctest --test-dir "$BUILD" --output-on-failure -LE 'long|core'
fi
echo "test-sanitizers: tests took $(($(date +%s) - built)) s"
