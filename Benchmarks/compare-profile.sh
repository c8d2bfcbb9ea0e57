#!/usr/bin/env bash
# Before/after CPU time of two apmrisk builds on a machine too loaded for wall-clock ratios. Both builds draw the
# same variates through the same GSL and libm calls, so that work is identical; `perf record` gives the share of
# each run's samples spent in libgsl + libm, and time(new)/time(old) = share(old)/share(new) — a ratio of shares
# within each run, which other load on the machine scales alike. Needs `perf` (Debian: linux-perf).
# Usage: bash Benchmarks/compare-profile.sh OLD_BINARY NEW_BINARY [MODEL=reference bundle] [TRIALS=600000] [REPEAT=3]
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1" new="$2" model="${3:-Benchmarks/reference/models/bundle.yaml}" trials="${4:-600000}" repeat="${5:-3}"
data="$(mktemp)"
trap 'rm -f "$data"' EXIT
share() {  # binary -> percent of samples in libgsl and libm
  perf record -q -o "$data" -F 4000 -- "$1" simulate "$model" --trials "$trials" --threads 1 --quiet --format json \
    >/dev/null 2>&1
  perf report -i "$data" --no-children --sort dso --stdio 2>/dev/null \
    | awk '/^ +[0-9.]+%/ { s = $1; sub("%", "", s); if ($2 ~ /libm|libgsl/) c += s } END { print c }'
}
for _ in $(seq 1 "$repeat"); do echo "old $(share "$old")"; echo "new $(share "$new")"; done | python3 -c "
import sys
s = {'old': [], 'new': []}
for line in sys.stdin:
    side, v = line.split()
    s[side].append(float(v))
o, n = sum(s['old']) / len(s['old']), sum(s['new']) / len(s['new'])
print('GSL + libm share of samples, mean of $repeat: old %.2f%%  new %.2f%%' % (o, n))
print('CPU time new/old %.3f   throughput new/old %.3f   ($model, $trials trials, 1 thread)' % (o / n, n / o))"
