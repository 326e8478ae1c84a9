#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test through ctest.
# Every test runs, including the slow ones labelled "long" (CuratorNet training to the reference
# AUC: eight single-thread runs in two ctest entries, ~7 min each on this 2-core machine; the
# installer test, ~2 min).
# VITRINE_QUICK_TESTS=1 leaves the "long" ones out.
# VITRINE_WERROR=1 builds with warnings as errors (.ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
CMAKE_ARGS=()
if [ "${VITRINE_WERROR:-0}" = 1 ]; then CMAKE_ARGS+=(-DVITRINE_WERROR=ON); fi
scripts/setup.sh "${CMAKE_ARGS[@]}"
BUILD_DIR=${VITRINE_BUILD_DIR:-build}
export QT_QPA_PLATFORM=offscreen
# One owner of the cores: LibTorch/OpenBLAS threads, not ctest parallelism on top.
ARGS=(--test-dir "$BUILD_DIR" --output-on-failure)
if [ "${VITRINE_QUICK_TESTS:-0}" = 1 ]; then ARGS+=(-LE long); fi
ctest "${ARGS[@]}"
