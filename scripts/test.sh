#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test through ctest.
# Slow tests carry the ctest label "long" and run only with VITRINE_LONG_TESTS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${VITRINE_BUILD_DIR:-build}
export QT_QPA_PLATFORM=offscreen
# One owner of the cores: LibTorch/OpenBLAS threads, not ctest parallelism on top.
ARGS=(--test-dir "$BUILD_DIR" --output-on-failure)
if [ "${VITRINE_LONG_TESTS:-0}" != 1 ]; then ARGS+=(-LE long); fi
ctest "${ARGS[@]}"
