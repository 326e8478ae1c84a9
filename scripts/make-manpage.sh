#!/usr/bin/env bash
# Generates a gzip'd manual page for a Vitrine program from its own --help and --version
# (help2man), so the page follows the program. For vitrine-cli every command that answers
# `vitrine-cli COMMAND --help` gets its own section. Run by the build (packaging/CMakeLists.txt).
# Usage: scripts/make-manpage.sh PROGRAM NAME-LINE OUT.1.gz
set -euo pipefail
PROG=$1
NAME_LINE=$2
OUT=$3
command -v help2man >/dev/null || { echo "make-manpage: help2man is needed (Debian: help2man)" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
WORK=$(mktemp -d)
export XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$WORK"' EXIT

roff_escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

: >"$WORK/include.h2m"
commands=$("$PROG" --help 2>/dev/null | awk '
  /^[[:space:]]*(sub)?commands:|^Subcommands:|^SUBCOMMANDS:/ { inside = 1; next }
  inside && /^  [a-z]/ { print $1 }
  inside && /^[^[:space:]]/ { inside = 0 }' | awk '!seen[$0]++' || true)
if [ -n "$commands" ]; then
  {
    echo "[COMMANDS]"
    for c in $commands; do
      if "$PROG" "$c" --help >"$WORK/cmd.txt" 2>/dev/null && [ -s "$WORK/cmd.txt" ]; then
        echo ".SS $c"
        echo ".nf"
        roff_escape <"$WORK/cmd.txt"
        echo ".fi"
      fi
    done
  } >"$WORK/include.h2m"
  # No command with its own help: leave the section out.
  grep -q '^\.SS' "$WORK/include.h2m" || : >"$WORK/include.h2m"
fi
cat >>"$WORK/include.h2m" <<'H2M'
[SEE ALSO]
The README and docs/ folder of the Vitrine sources; the demo catalog in /usr/share/vitrine/resources/demo.
H2M

# The version number alone, so that the page is named after the executable (not "Vitrine").
version=$("$PROG" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true)
[ -n "$version" ] || { echo "make-manpage: $PROG --version prints no version number" >&2; exit 1; }
help2man --no-info --locale=C.UTF-8 --name="$NAME_LINE" --include="$WORK/include.h2m" \
  --version-string="$version" --output="$WORK/page.1" "$PROG"
[ -s "$WORK/page.1" ] || { echo "make-manpage: help2man wrote nothing for $PROG" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
gzip -9n -c "$WORK/page.1" >"$OUT"
