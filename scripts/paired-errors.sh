#!/usr/bin/env bash
# Measures how much common random numbers buy: for every model in Models/, the paired and unpaired standard
# errors of the change in E[M] under a ±10% volume shock, and under a ×1.1 frequency shock on models with a
# claim count. Target (issue "Figures you can trust"): paired ≤ 0.5 × unpaired.
# Usage: bash scripts/paired-errors.sh [APMRISK_BINARY]   (default: a release build of this checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [ -z "$bin" ]; then swift build -c release --product apmrisk >/dev/null; bin=.build/release/apmrisk; fi
printf "%-34s %-16s %14s %12s %12s %7s\n" model shock "ΔE[M]" "paired s.e." "unpaired" ratio
for model in Models/*.yaml; do
  grep -q "^portfolio:" "$model" && continue   # portfolios combine the models listed here
  shocks="volume=0.1 volume=-0.1"
  grep -q "frequency:" "$model" && shocks="$shocks frequency=1.1"
  for shock in $shocks; do
    "$bin" stress "$model" --shock "$shock" --format json | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = next(c for c in d['scenarios'][0]['changes'] if c['metric'] == 'expected_margin')
r = c['change_se_paired'] / c['change_se_unpaired']
print('%-34s %-16s %14.0f %12.0f %12.0f %7.3f' % ('$(basename "$model")', '$shock', c['change'], c['change_se_paired'], c['change_se_unpaired'], r))"
  done
done
