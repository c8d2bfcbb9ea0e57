#!/usr/bin/env bash
# Before/after throughput of two apmrisk builds in one sitting: the three reference models, each build's
# `apmrisk bench` interleaved REPEAT times, best trials/s of each kept (the best run is the least disturbed by
# other load), and the ratio new/old. For a change to the hot path: build the old commit in a worktree,
#   git worktree add /tmp/apmrisk-old <old-commit> && (cd /tmp/apmrisk-old && swift build -c release)
#   bash Benchmarks/compare-builds.sh /tmp/apmrisk-old/.build/release/apmrisk .build/release/apmrisk 6 1
# Usage: bash Benchmarks/compare-builds.sh OLD_BINARY NEW_BINARY [REPEAT=6] [THREADS=1]
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1" new="$2" repeat="${3:-6}" threads="${4:-1}"
models=(Benchmarks/reference/models/bundle.yaml Benchmarks/reference/models/capitation.yaml Benchmarks/reference/models/shared-risk.yaml)
for _ in $(seq 1 "$repeat"); do
  for side in old new; do
    bin="$old"; [ "$side" = new ] && bin="$new"
    "$bin" bench "${models[@]}" --models-only --threads "$threads" --seconds 1 --format json 2>/dev/null \
      | python3 -c "
import json, sys
for m in json.load(sys.stdin)['models']:
    print('$side', m['model'].replace(' ', '_'), m['rates'][0]['trials_per_second'])"
  done
done | python3 -c "
import sys, collections
best = collections.defaultdict(float)
for line in sys.stdin:
    side, model, rate = line.split()
    best[(side, model)] = max(best[(side, model)], float(rate))
print('best of $repeat, $threads thread(s): trials per second')
for m in sorted({k[1] for k in best}):
    o, n = best[('old', m)], best[('new', m)]
    print('%-24s old %11.0f   new %11.0f   new/old %.3f' % (m, o, n, n / o))"
