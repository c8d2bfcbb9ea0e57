#!/usr/bin/env bash
# Instructions per trial of the three reference models under two apmrisk builds (valgrind callgrind on stripped
# copies: exact and repeatable whatever the load), from the difference between runs of 2T and T trials so that
# start-up and metrics cancel. For a change to the hot path, beside compare-builds.sh.
# Usage: bash Benchmarks/compare-instructions.sh OLD_BINARY NEW_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
strip_copy() { local b; b="$(mktemp)"; cp "$1" "$b"; chmod +x "$b"; strip "$b"; echo "$b"; }
old="$(strip_copy "$1")" new="$(strip_copy "$2")"
count() {  # binary model trials -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" simulate "$2" --trials "$3" --threads 1 --quiet \
    --format json 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-14s %14s %14s %8s\n' model old new new/old
for pair in bundle:20000 capitation:200 shared-risk:400; do
  name="${pair%%:*}" t="${pair##*:}" model="Benchmarks/reference/models/${pair%%:*}.yaml"
  o=$(( ($(count "$old" "$model" $((2 * t))) - $(count "$old" "$model" "$t")) / t ))
  n=$(( ($(count "$new" "$model" $((2 * t))) - $(count "$new" "$model" "$t")) / t ))
  printf '%-14s %14d %14d %8.3f\n' "$name" "$o" "$n" "$(python3 -c "print($n / $o)")"
done
rm -f "$old" "$new"
