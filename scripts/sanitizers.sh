#!/usr/bin/env bash
# Runs the engine, stress and pricing tests under ThreadSanitizer and AddressSanitizer (each in its own build
# folder, so the normal build is untouched). Usage: bash scripts/sanitizers.sh [thread|address]...
set -euo pipefail
cd "$(dirname "$0")/.."
# Swift Testing names: suites that run the multithreaded engine, the ledger, the tails and the samplers.
FILTER='ThreadInvariance|StreamKey|Moments|TailTests|Selection|PrecisionStopping|NonFinite|CostSampler|ScaledCount|PooledClaims|Scenario|NoOpShock|PriceGrid|LognormalBundleClosedForm'
for sanitizer in "${@:-thread address}"; do
  for s in $sanitizer; do
    echo "== swift test --sanitize=$s"
    LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0" \
      swift test --sanitize="$s" --scratch-path ".build-sanitize-$s" --filter "$FILTER"
  done
done
