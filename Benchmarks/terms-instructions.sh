#!/usr/bin/env bash
# Instructions per trial (valgrind callgrind: repeatable whatever else the machine does) of each model of Models/
# that uses the newer terms beside its twin in Benchmarks/terms/; the ratio model/twin is what the terms cost.
# Each is run at two trial counts and differenced, so start-up (reading, compiling the model) cancels out.
# Usage: bash Benchmarks/terms-instructions.sh [BINARY=.build/release/apmrisk]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(mktemp)"; cp "${1:-.build/release/apmrisk}" "$bin"; chmod +x "$bin"; strip "$bin"   # callgrind cannot read Swift's debug info
count() {  # model trials -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" simulate "$1" --trials "$2" --threads 1 --quiet \
    --format json 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-28s %14s %14s %8s\n' model 'model instr/trial' 'twin instr/trial' ratio
for twin in Benchmarks/terms/*-twin.yaml; do
  model="Models/$(basename "$twin" -twin.yaml).yaml"
  small=100 large=300
  m=$(( ($(count "$model" $large) - $(count "$model" $small)) / (large - small) ))
  t=$(( ($(count "$twin" $large) - $(count "$twin" $small)) / (large - small) ))
  printf '%-28s %14d %14d %8.3f\n' "$(basename "$model" .yaml)" "$m" "$t" "$(python3 -c "print($m / $t)")"
done
rm -f "$bin"
