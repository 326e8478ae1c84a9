#!/usr/bin/env bash
# The bash completion of vitrine-cli (packaging/linux/vitrine-cli.bash-completion) against the
# built program: command names complete, and a command's options (from its own help) complete.
# Usage: tests/packaging/test-completion.sh COMPLETION_FILE VITRINE_CLI
set -euo pipefail
COMPLETION=$1
CLI=$2
fail() { echo "test-completion: FAIL: $*" >&2; exit 1; }
BIN=$(mktemp -d)
trap 'rm -rf "$BIN"' EXIT
ln -s "$CLI" "$BIN/vitrine-cli"
export PATH="$BIN:$PATH"
# shellcheck disable=SC1090
source "$COMPLETION"
complete -p vitrine-cli >/dev/null || fail "no completion registered for vitrine-cli"

complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _vitrine_cli; echo "${COMPREPLY[*]}"; }

out=$(complete_words vitrine-cli im)
echo "vitrine-cli im<TAB>: $out"
case " $out " in *" import "*) ;; *) fail "'import' is not offered for 'im'" ;; esac
case " $out " in *" info "*) fail "'info' is offered for 'im'" ;; esac
out=$(complete_words vitrine-cli "")
n=$(wc -w <<<"$out")
echo "vitrine-cli <TAB>: $n commands"
[ "$n" -ge 10 ] || fail "only $n commands offered: $out"
out=$(complete_words vitrine-cli import --ca)
echo "vitrine-cli import --ca<TAB>: $out"
case " $out " in *" --catalog "*) ;; *) fail "'--catalog' is not offered for 'import --ca'" ;; esac
out=$(complete_words vitrine-cli --ver)
[ "$out" = "--version" ] || fail "'--ver' completes to '$out'"
echo "test-completion: ok"
