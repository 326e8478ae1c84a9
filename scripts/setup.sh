#!/usr/bin/env bash
# Installs the Debian 12 packages Vitrine needs (only the missing ones; quick when all are there),
# then configures and builds in ./build (Release). Usage: scripts/setup.sh [extra cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev   # Qt6Charts's CMake config needs Qt6OpenGL
  libtorch-dev libopenblas0-pthread   # without OpenBLAS LibTorch falls back to reference BLAS (5-8x slower)
  libopencv-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev
  libexiv2-dev libicu-dev   # embedded image metadata; Unicode normalisation of file names
  libgtest-dev libbenchmark-dev
  libboost-dev   # Boost.Math (header-only): Student t distribution for eval/statistics.cpp
  clang                                # .ci/run: the clang++ -Werror ASan/UBSan checking build
  clang-format                         # ctest format.sources: the committed .clang-format
  help2man lintian appstream locales   # man pages, the .deb checks, the German-locale export test
  python3-jsonschema                   # tests validate every JSON export against docs/schemas/
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The export test (tests/core/test_locale.cpp) runs under a German locale when one is generated.
if command -v locale-gen >/dev/null && ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
  { $SUDO sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen && $SUDO locale-gen >/dev/null; } ||
    echo "setup: could not generate the de_DE.UTF-8 locale (optional; test_locale then checks C++ streams only)"
fi

BUILD_DIR=${VITRINE_BUILD_DIR:-build}
JOBS=${VITRINE_JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
scripts/fetch-cnn-weights.sh "$BUILD_DIR/models" || echo "setup: CNN weights not fetched (optional): the handcrafted extractor works; see docs/cnn-embeddings.md"
