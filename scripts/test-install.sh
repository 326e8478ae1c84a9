#!/usr/bin/env bash
# Install test for the Linux packages (issue 9): builds the .deb and .tar.gz (or takes existing ones),
# installs the .deb into a fresh root, and runs the installed programs with the source and build
# trees hidden, so nothing can come from a hard-coded build path:
#   1. the .deb's control fields and file list (executables, desktop entry, icons, demo data, weights,
#      copyright, changelog, man pages, bash completion, AppStream metadata); lintian reports no
#      errors and no warnings (VITRINE_REQUIRE_LINTIAN=1 fails when lintian is missing);
#   2. every Depends alternative group is satisfied by a package installed on this machine;
#   3. the installed binaries have no RPATH/RUNPATH and ldd resolves all of their libraries;
#   4. installed vitrine-cli --version; vitrine-cli import of the installed demo set into a temporary
#      catalog (all demo images imported); when the weights are bundled, mobilenet_v2 CNN
#      embeddings of that catalog from the installed weights; the installed vitrine started
#      offscreen with a temporary HOME/XDG_DATA_HOME: exit code 0, the per-user demo catalog
#      (all demo images) and a screenshot appeared;
#   5. the .tar.gz extracted elsewhere: its vitrine-cli --version and its demo data.
# Install modes (VITRINE_INSTALL_MODE): "extract" (default): `dpkg -x` into a temporary root, the
# binaries then use this machine's system libraries; "apt" (root only): `apt-get install ./the.deb`
# on this machine, removed again at the end (unless it was installed before).
# The trees are hidden with a private mount namespace (unshare --mount, root only); without one
# (e.g. an unprivileged container) they stay visible and the test relies on the apps searching
# <exe>/../share/vitrine before any compile-time fallback folder.
# Usage: scripts/test-install.sh [--build-dir DIR | --packages DIR]
#   --build-dir DIR  package that configured build tree (build vitrine, vitrine-cli; cpack DEB;TGZ
#                    into DIR/packages); ctest's install.packages test uses this
#   --packages DIR   use the vitrine_*.deb and vitrine-*-Linux-*.tar.gz already in DIR
#   (neither)        run scripts/package.sh (VITRINE_BUILD_DIR, default build) and use its output
# Env: VITRINE_EXPECT_MODELS=1 fails when the .deb has no CNN weights.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)

BUILD_DIR=""
PKG_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) BUILD_DIR=$(cd "$2" && pwd); shift 2 ;;
    --packages) PKG_DIR=$(cd "$2" && pwd); shift 2 ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {print}' "$0"; exit 0 ;;
    *) echo "test-install: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

step() { echo; echo "== test-install: $*"; }
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-query tar readelf ldd; do
  command -v "$tool" >/dev/null || fail "$tool is needed (Debian: dpkg, tar, binutils, libc-bin)"
done

# ---- 0. the packages -------------------------------------------------------------------------
if [ -z "$PKG_DIR" ]; then
  if [ -n "$BUILD_DIR" ]; then
    step "packaging the build tree $BUILD_DIR"
    targets=(vitrine-cli)
    if grep -q '^VITRINE_BUILD_UI:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then targets+=(vitrine); fi
    if cmake --build "$BUILD_DIR" --target help 2>/dev/null | grep -q 'vitrine_package_docs'; then
      targets+=(vitrine_package_docs)
    fi
    cmake --build "$BUILD_DIR" --target "${targets[@]}" -j "${VITRINE_JOBS:-2}"
    PKG_DIR="$BUILD_DIR/packages"
    mkdir -p "$PKG_DIR"
    rm -f "$PKG_DIR"/vitrine_*.deb "$PKG_DIR"/vitrine-*-Linux-*.tar.gz
    (cd "$BUILD_DIR" && cpack --config CPackConfig.cmake -G "DEB;TGZ" -B "$PKG_DIR")
    rm -rf "$PKG_DIR/_CPack_Packages"
  else
    step "building the packages with scripts/package.sh"
    BUILD_DIR=${VITRINE_BUILD_DIR:-build}
    case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$SRC/$BUILD_DIR" ;; esac
    VITRINE_CPACK_GENERATORS="DEB;TGZ" bash "$SRC/scripts/package.sh"
    PKG_DIR="$BUILD_DIR/packages"
  fi
fi
# shellcheck disable=SC2012  # newest first; names are ours
DEB=$(ls -t "$PKG_DIR"/vitrine_*.deb 2>/dev/null | head -n 1 || true)
# shellcheck disable=SC2012
TGZ=$(ls -t "$PKG_DIR"/vitrine-*-Linux-*.tar.gz 2>/dev/null | head -n 1 || true)
[ -f "$DEB" ] || fail "no vitrine_*.deb in $PKG_DIR"
[ -f "$TGZ" ] || fail "no vitrine-*-Linux-*.tar.gz in $PKG_DIR"
echo "deb: $DEB ($(wc -c <"$DEB") bytes)"
echo "tgz: $TGZ ($(wc -c <"$TGZ") bytes)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vitrine-install.XXXXXX")
APT_INSTALLED=""
cleanup() {
  if [ -n "$APT_INSTALLED" ]; then
    echo "test-install: removing the vitrine package again"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq vitrine >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- 1. control fields and file list -----------------------------------------------------------
step "1. package metadata and contents"
dpkg-deb --field "$DEB" Package Version Architecture Installed-Size Depends
VERSION=$(dpkg-deb --field "$DEB" Version)
dpkg-deb --contents "$DEB" | awk '{print $NF}' | sed 's|^\./|/|' >"$WORK/deb-files.txt"
WITH_GUI=0
if grep -qx '/usr/bin/vitrine' "$WORK/deb-files.txt"; then WITH_GUI=1; fi
required=(/usr/bin/vitrine-cli /usr/share/vitrine/resources/demo/metadata.csv
  /usr/share/doc/vitrine/copyright /usr/share/doc/vitrine/changelog.gz
  /usr/share/man/man1/vitrine-cli.1.gz /usr/share/bash-completion/completions/vitrine-cli)
if [ "$WITH_GUI" = 1 ]; then
  required+=(/usr/bin/vitrine /usr/share/man/man1/vitrine.1.gz
    /usr/share/metainfo/org.vitrine.Vitrine.metainfo.xml /usr/share/applications/vitrine.desktop
    /usr/share/icons/hicolor/256x256/apps/vitrine.png /usr/share/icons/hicolor/48x48/apps/vitrine.png
    /usr/share/icons/hicolor/scalable/apps/vitrine.svg /usr/share/mime/packages/vitrine.xml
    /usr/share/vitrine/resources/docs/user-guide.html)
else
  echo "note: built without the GUI (VITRINE_BUILD_UI=OFF): checking vitrine-cli only"
fi
for f in "${required[@]}"; do
  grep -qx "$f" "$WORK/deb-files.txt" || fail "$f is not in the .deb"
done
n_images=$(grep -c '^/usr/share/vitrine/resources/demo/images/..*' "$WORK/deb-files.txt" || true)
echo "contents ok: ${#required[@]} required files, $n_images demo images"
MODELS=$(grep -E '^/usr/share/vitrine/models/[^/]+/model\.json$' "$WORK/deb-files.txt" |
  sed 's|^/usr/share/vitrine/models/||; s|/model\.json$||' | tr '\n' ' ' || true)
if [ -n "$MODELS" ]; then
  echo "CNN weights bundled: $MODELS"
elif [ "${VITRINE_EXPECT_MODELS:-0}" = 1 ]; then
  fail "no CNN weights (share/vitrine/models/*/model.json) in the .deb"
else
  echo "note: no CNN weights in the .deb (none under the build tree's models/ when it was packaged)"
fi

# ---- 1b. lintian ---------------------------------------------------------------------------------
step "1b. lintian: no errors and no warnings"
if command -v lintian >/dev/null; then
  set +e
  lintian --fail-on error,warning --display-info --no-tag-display-limit "$DEB" >"$WORK/lintian.txt" 2>&1
  rc=$?
  set -e
  cat "$WORK/lintian.txt"
  [ "$rc" = 0 ] || fail "lintian reports errors or warnings on $(basename "$DEB") (above)"
  echo "lintian: no errors, no warnings ($(grep -c '^I:' "$WORK/lintian.txt" || true) info tags)"
elif [ "${VITRINE_REQUIRE_LINTIAN:-0}" = 1 ]; then
  fail "lintian is not installed (Debian: apt-get install lintian)"
else
  echo "note: lintian is not installed: skipped"
fi

# ---- 2. dependencies ---------------------------------------------------------------------------
step "2. every Depends group is satisfied by an installed package"
satisfied() {  # $1: one alternative such as "libc6 (>= 2.34)" or "qt6-qpa-plugins"
  local name op ver have
  name=$(echo "$1" | sed -E 's/^ *([^ (:]+).*/\1/')
  have=$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$name" 2>/dev/null | awk '$1=="ii"{print $2}' || true)
  [ -n "$have" ] || return 1
  if [[ "$1" =~ \(([<>=]+)\ *([^\)]+)\) ]]; then
    op=${BASH_REMATCH[1]}
    ver=${BASH_REMATCH[2]}
    case "$op" in '>=') op=ge ;; '<=') op=le ;; '>>') op=gt ;; '<<') op=lt ;; '=') op=eq ;; esac
    dpkg --compare-versions "$have" "$op" "$ver" || return 1
  fi
  echo "  ok  $1  (installed $name $have)"
}
IFS=',' read -r -a groups <<<"$(dpkg-deb --field "$DEB" Depends)"
for group in "${groups[@]}"; do
  ok=0
  IFS='|' read -r -a alts <<<"$group"
  for alt in "${alts[@]}"; do
    alt=$(echo "$alt" | sed -E 's/^ +| +$//g')
    if satisfied "$alt"; then ok=1; break; fi
  done
  [ "$ok" = 1 ] || fail "dependency '$group' is not satisfied by the installed packages"
done

# ---- 3. install ----------------------------------------------------------------------------------
MODE=${VITRINE_INSTALL_MODE:-extract}
step "3. installing the .deb (mode: $MODE)"
if [ "$MODE" = apt ]; then
  [ "$(id -u)" = 0 ] || fail "VITRINE_INSTALL_MODE=apt needs root"
  if dpkg-query -W -f='${db:Status-Abbrev}' vitrine 2>/dev/null | grep -q '^ii'; then
    fail "a vitrine package is already installed on this machine; remove it first or use mode extract"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB"
  APT_INSTALLED=1
  PREFIX=/usr
else
  dpkg -x "$DEB" "$WORK/root"
  PREFIX="$WORK/root/usr"
fi
echo "installed under $PREFIX"
mkdir -p "$WORK/tgz"
tar -xzf "$TGZ" -C "$WORK/tgz"
TGZ_ROOT=$(find "$WORK/tgz" -mindepth 1 -maxdepth 1 -type d | head -n 1)
[ -x "$TGZ_ROOT/bin/vitrine-cli" ] || fail "the .tar.gz has no <top>/bin/vitrine-cli"
echo "tar.gz extracted to $TGZ_ROOT"

bins=("$PREFIX/bin/vitrine-cli")
if [ "$WITH_GUI" = 1 ]; then bins+=("$PREFIX/bin/vitrine"); fi
for b in "${bins[@]}" "$TGZ_ROOT/bin/vitrine-cli"; do
  if readelf -d "$b" | grep -Eq 'RPATH|RUNPATH'; then fail "$b has an RPATH/RUNPATH: $(readelf -d "$b" | grep -E 'RPATH|RUNPATH')"; fi
  if env -u LD_LIBRARY_PATH ldd "$b" | grep -q 'not found'; then
    env -u LD_LIBRARY_PATH ldd "$b" | grep 'not found' >&2
    fail "$b needs libraries that are not installed"
  fi
done
echo "no RPATH/RUNPATH; all shared libraries resolve from the system"

# ---- 4 + 5. run the installed programs with the trees hidden -----------------------------------
cat >"$WORK/run-checks.sh" <<'CHECKS'
set -euo pipefail
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }
echo "hidden trees: ${HIDDEN:-none}"
for d in ${HIDDEN:-}; do
  if [ -e "$d/CMakeLists.txt" ] || [ -e "$d/CMakeCache.txt" ]; then fail "$d is still visible"; fi
done
CLI="$PREFIX/bin/vitrine-cli"
DEMO="$PREFIX/share/vitrine/resources/demo"

echo; echo "== test-install: 4a. $CLI --version"
out=$("$CLI" --version) || fail "vitrine-cli --version exited with $?"
echo "$out"
case "$out" in *"$VERSION"*) ;; *) fail "--version does not print the package version $VERSION" ;; esac

echo; echo "== test-install: 4b. import the installed demo set with the installed vitrine-cli"
expected=$(find "$DEMO/images" -type f | wc -l)
"$CLI" import --catalog "$WORK/cli/demo.vitrine" --images "$DEMO/images" --metadata "$DEMO/metadata.csv" \
  </dev/null 2>&1 | tail -n 3 || fail "vitrine-cli import failed"
info=$("$CLI" info --catalog "$WORK/cli/demo.vitrine") || fail "vitrine-cli info failed"
echo "$info"
got=$(echo "$info" | awk '$1=="artworks"{print $2}')
[ "$got" = "$expected" ] || fail "the catalog has '$got' artworks, expected $expected (the demo images)"

if [ -f "$PREFIX/share/vitrine/models/mobilenet_v2/model.json" ]; then
  echo; echo "== test-install: 4b'. CNN embeddings from the installed weights (mobilenet_v2)"
  "$CLI" embed --catalog "$WORK/cli/demo.vitrine" --extractor mobilenet_v2 --threads 2 </dev/null 2>&1 |
    tail -n 2 || fail "vitrine-cli embed --extractor mobilenet_v2 failed with the installed weights"
  line=$("$CLI" info --catalog "$WORK/cli/demo.vitrine" | grep -E '^embedding +mobilenet_v2') ||
    fail "no mobilenet_v2 embedding in the catalog"
  echo "$line"
  case "$line" in *" $expected artworks"*) ;; *) fail "mobilenet_v2 did not embed all $expected artworks" ;; esac
fi

if [ "$WITH_GUI" = 1 ]; then
  echo; echo "== test-install: 4c. start the installed vitrine offscreen (first launch: builds the demo catalog)"
  set +e
  QT_QPA_PLATFORM=offscreen "$PREFIX/bin/vitrine" --exit-after-shown --screenshot "$WORK/gui/vitrine.png" \
    </dev/null >"$WORK/gui.log" 2>&1
  rc=$?
  set -e
  cat "$WORK/gui.log"
  [ "$rc" = 0 ] || fail "vitrine exited with $rc"
  catalog="$XDG_DATA_HOME/Vitrine/Vitrine/demo.vitrine"
  [ -s "$catalog" ] || fail "no per-user demo catalog at $catalog"
  [ -s "$WORK/gui/vitrine.png" ] || fail "no screenshot"
  if grep -q 'not found' "$WORK/gui.log"; then fail "vitrine reported missing resources"; fi
  gui_count=$("$CLI" info --catalog "$catalog" | awk '$1=="artworks"{print $2}')
  [ "$gui_count" = "$expected" ] || fail "the GUI's demo catalog has '$gui_count' artworks, expected $expected"
  echo "per-user catalog: $catalog ($gui_count artworks); screenshot: $WORK/gui/vitrine.png"
fi

echo; echo "== test-install: 5. the .tar.gz: $TGZ_ROOT/bin/vitrine-cli --version"
out=$("$TGZ_ROOT/bin/vitrine-cli" --version) || fail "tar.gz vitrine-cli --version exited with $?"
echo "$out"
case "$out" in *"$VERSION"*) ;; *) fail "tar.gz --version does not print $VERSION" ;; esac
[ -f "$TGZ_ROOT/share/vitrine/resources/demo/metadata.csv" ] || fail "no demo data in the .tar.gz"
echo "tar.gz ok"
CHECKS

mkdir -p "$WORK/home" "$WORK/data" "$WORK/config" "$WORK/cache" "$WORK/runtime" "$WORK/cli" "$WORK/gui"
chmod 700 "$WORK/runtime"
HIDE=("$SRC")
if [ -n "$BUILD_DIR" ] && [[ "$BUILD_DIR/" != "$SRC/"* ]]; then HIDE+=("$BUILD_DIR"); fi
run_env=(env -u LD_LIBRARY_PATH -u VITRINE_RESOURCES_DIR -u VITRINE_MODELS_DIR -u DISPLAY -u WAYLAND_DISPLAY
  HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache"
  XDG_RUNTIME_DIR="$WORK/runtime" PREFIX="$PREFIX" TGZ_ROOT="$TGZ_ROOT" WORK="$WORK" VERSION="$VERSION"
  WITH_GUI="$WITH_GUI")
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare --mount true 2>/dev/null; then
  step "4. running the installed programs in a private mount namespace hiding ${HIDE[*]}"
  # shellcheck disable=SC2016  # expanded by the inner shell
  "${run_env[@]}" HIDDEN="${HIDE[*]}" unshare --mount -- bash -c '
    set -e
    for d in $HIDDEN; do mount -t tmpfs -o size=1m,mode=755 vitrine-hidden "$d"; done
    exec bash "$1"' _ "$WORK/run-checks.sh"
else
  step "4. running the installed programs (no mount namespace: the trees stay visible)"
  echo "note: cannot hide the source tree (needs root and unshare); relying on the search order:"
  echo "      <exe>/../share/vitrine/resources is searched before the compile-time source folder"
  "${run_env[@]}" bash "$WORK/run-checks.sh"
fi

if [ -n "$BUILD_DIR" ] && [ -s "$WORK/gui/vitrine.png" ]; then
  mkdir -p "$BUILD_DIR/screenshots"
  cp "$WORK/gui/vitrine.png" "$BUILD_DIR/screenshots/installed-vitrine.png"
  echo "screenshot copied to $BUILD_DIR/screenshots/installed-vitrine.png"
fi
echo
echo "test-install: PASS ($(basename "$DEB") installed by $MODE, $(basename "$TGZ"))"
