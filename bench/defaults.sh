#!/usr/bin/env bash
# Issue 19: CuratorNet training defaults chosen across a family of catalogs.
# Generates five synthetic catalogs (seeded; none was used to tune anything) beside the bundled
# fixture (tests/data/curatornet-oracle, on which the earlier defaults were tuned), trains every
# configuration of bench_defaults (random sampling and guideline shares; the tutorial's selection
# by triple accuracy and selection by validation AUC) with three seeds on each, and prints the
# tables of bench/RESULTS.md ("Training defaults across catalogs").
#
#   bench/defaults.sh [BUILD_DIR] [WORK_DIR]     (defaults: build, /tmp/vitrine-defaults)
#
# Each training run is single-threaded and niced; four lanes of catalogs run side by side.
# Resumable: runs already in WORK_DIR/runs-*.csv are skipped. Each run (10,000 + 1,000 triples,
# 10 epochs) takes 10-20 CPU seconds on the 2-core VM; the wall time depends on load.
# Environment: SEEDS (default 0,1,2), CONFIGS (bench_defaults syntax), TRAIN_TRIPLES (10000),
# AGAINST (the configuration the others are compared with, default g011011-auc).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
W=${2:-/tmp/vitrine-defaults}
BIN="$B/bench/bench_defaults"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$W"
gen() { local name=$1; shift; [ -f "$W/$name/interactions.csv" ] || nice "$BIN" generate --out "$W/$name" "$@"; }

# name            items users dim clusters artists  baskets size  clusters/user focus noise  other
gen one-taste     --items 600  --users 250 --dim 32  --clusters 6  --artists 0   --baskets 2-4 --basket-size 1-2 --clusters-per-user 1-1 --focus 0.3  --noise 0.10 --seed 101
gen many-tastes   --items 1000 --users 300 --dim 96  --clusters 16 --artists 120 --baskets 2-5 --basket-size 1-3 --clusters-per-user 2-4 --focus 0.5  --noise 0.15 --artist-loyalty 0.3 --seed 102
gen narrow-taste  --items 800  --users 250 --dim 64  --clusters 10 --artists 60  --baskets 3-6 --basket-size 1-1 --clusters-per-user 1-2 --focus 0.05 --noise 0.05 --seed 103
gen noisy-256d    --items 600  --users 250 --dim 256 --clusters 8  --artists 0   --baskets 2-3 --basket-size 1-3 --clusters-per-user 1-3 --focus 1.0  --noise 0.35 --item-noise 1.0 --seed 104
gen artist-loyal  --items 900  --users 250 --dim 48  --clusters 12 --artists 200 --baskets 2-4 --basket-size 1-2 --clusters-per-user 1-2 --focus 0.3  --noise 0.10 --artist-loyalty 0.6 --popularity 1.0 --seed 105

ARGS=(--seeds "${SEEDS:-0,1,2}" --train-triples "${TRAIN_TRIPLES:-10000}" --validation-triples 1000)
[ -n "${CONFIGS:-}" ] && ARGS+=(--configs "$CONFIGS")
lane() {
  local out=$1; shift
  for c in "$@"; do
    local dir="$W/$c"
    [ "$c" = fixture ] && dir=tests/data/curatornet-oracle
    nice "$BIN" sweep --catalog "$dir" --name "$c" --work "$W/catalogs" --out "$W/$out" "${ARGS[@]}"
  done
}
lane runs-a.csv fixture noisy-256d > "$W/lane-a.log" 2>&1 &
lane runs-b.csv one-taste artist-loyal > "$W/lane-b.log" 2>&1 &
lane runs-c.csv narrow-taste > "$W/lane-c.log" 2>&1 &
lane runs-d.csv many-tastes > "$W/lane-d.log" 2>&1 &
wait
"$BIN" summarize --in "$W/runs-a.csv,$W/runs-b.csv,$W/runs-c.csv,$W/runs-d.csv" --exclude fixture \
  --against "${AGAINST:-g011011-auc}" | tee "$W/summary.md"
