#!/usr/bin/env bash
# README command 1: install what is missing, build, and start the GUI on the bundled demo catalog.
# With no display it runs offscreen, shows the window once, says how to run it with a display and exits
# (`vitrine --screenshot FILE` saves a picture of the window).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${VITRINE_BUILD_DIR:-build}
exec "$BUILD_DIR/app/vitrine" "$@"
