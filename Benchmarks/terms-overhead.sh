#!/usr/bin/env bash
# Trials per second of each model of Models/ that uses the newer terms beside its twin in Benchmarks/terms/ (the
# plain bundle or capitation with the same cost model and unit count), interleaved REPEAT times in one sitting,
# best of each kept; the ratio model/twin is what the terms cost per trial.
# Usage: bash Benchmarks/terms-overhead.sh [BINARY=.build/release/apmrisk] [REPEAT=3] [SECONDS=1]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/apmrisk}" repeat="${2:-3}" seconds="${3:-1}"
for _ in $(seq 1 "$repeat"); do
  for twin in Benchmarks/terms/*-twin.yaml; do
    model="Models/$(basename "$twin" -twin.yaml).yaml"
    "$bin" bench "$model" "$twin" --models-only --threads 1 --seconds "$seconds" --quiet --format json 2>/dev/null \
      | python3 -c "
import json, sys
rates = [m['rates'][0]['trials_per_second'] for m in json.load(sys.stdin)['models']]
print('$(basename "$model" .yaml)', rates[0], rates[1])"
  done
done | python3 -c "
import sys, collections
best = collections.defaultdict(lambda: [0.0, 0.0])
for line in sys.stdin:
    name, m, t = line.split()
    best[name][0] = max(best[name][0], float(m)); best[name][1] = max(best[name][1], float(t))
print('best of $repeat, 1 thread: trials per second')
print('%-28s %12s %12s %8s' % ('model', 'model', 'twin', 'ratio'))
for name in sorted(best):
    m, t = best[name]
    print('%-28s %12.0f %12.0f %8.3f' % (name, m, t, m / t))"
