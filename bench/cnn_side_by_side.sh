#!/bin/bash
# Vitrine's end-to-end CNN embedding (bench_embed) and the Python peer (peer_cnn.py), interleaved
# in one session on the same cores; prints every run and the medians with their ratio.
#   bash bench/cnn_side_by_side.sh [BUILD_DIR=build] [ROUNDS=3] [THREADS=2] [MODELS="mobilenet_v2 inception_v3"]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
rounds=${2:-3}
threads=${3:-2}
models=${4:-"mobilenet_v2 inception_v3"}
py=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import torch, torchvision' 2>/dev/null; then py=$p; break; fi
done
out=$(mktemp)
echo "# $(date -u +%FT%TZ) $(uname -n) $(nproc) cores; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  for m in $models; do
    "$build/bench/bench_embed" --model "$m" --threads "$threads" | tee -a "$out"
    if [ -n "$py" ]; then
      "$py" "$here/peer_cnn.py" --model "$m" --threads "$threads" --images-dir "$here/../resources/demo/images" | tee -a "$out"
    else
      echo '{"skip": "python3-torch/torchvision not installed: peer not run"}'
    fi
  done
done
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{") and "skip" not in l]
med = {}
for r in rows:
    med.setdefault((r["model"], r["what"]), []).append(r["images_per_s"])
for (m, w), v in sorted(med.items()):
    print(f"{m:14s} {w:12s} median {statistics.median(v):7.1f} images/s  runs {', '.join(f'{x:.1f}' for x in v)}")
for m in sorted({k[0] for k in med}):
    v = med.get((m, "vitrine_e2e"))
    for w in ("net", "e2e"):
        p = med.get((m, w))
        if v and p:
            print(f"{m:14s} vitrine_e2e / peer {w}: {statistics.median(v) / statistics.median(p):.2f}x")
PY
rm -f "$out"
