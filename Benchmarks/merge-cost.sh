#!/usr/bin/env bash
# The cost of a sharded run's merge (issue 13, item 5): for each trial count and shard count, the bytes of every
# shard file, the wall time and peak resident memory of `apmrisk merge`, beside the single-process run of the same
# trials on 1 thread. Shards run one after another on this machine (SHARD_THREADS threads each); only the merge and
# the single run are the figures the table reports, the shards' own seconds are printed for reference.
# Prints one markdown table row per (trials, shards), plus `uptime` before every row (the machine is shared).
#
# Usage: bash Benchmarks/merge-cost.sh [BINARY]       (default .build/release/apmrisk)
# Environment: TRIALS="1000000 10000000 100000000"  SHARDS="2 8 64"  SHARD_THREADS=2  SEED=1
#              MODEL=Benchmarks/reference/models/bundle-one-episode.yaml  WORK=<a fresh directory under /tmp>
#              LEVELS=   (empty: the default levels; else passed as --levels)
# Needs GNU time at /usr/bin/time (Debian package `time`). Disk: the shards of one (trials, shards) pair at a time
# — for the one-episode bundle about 56 bytes a trial when every shard keeps all its trials as tail records
# (1e8 trials in 64 shards: 5.6 GB), far less with few shards.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/apmrisk}
TRIALS=${TRIALS:-"1000000 10000000 100000000"}
SHARDS=${SHARDS:-"2 8 64"}
SHARD_THREADS=${SHARD_THREADS:-2}
SEED=${SEED:-1}
MODEL=${MODEL:-Benchmarks/reference/models/bundle-one-episode.yaml}
WORK=${WORK:-$(mktemp -d /tmp/merge-cost.XXXXXX)}
LEVELS_OPT=()
[ -n "${LEVELS:-}" ] && LEVELS_OPT=(--levels "$LEVELS")
mkdir -p "$WORK"
[ -x /usr/bin/time ] || { echo "merge-cost.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

# Runs "$@" under GNU time; prints "seconds peak-KiB".
timed() {
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" \
    || { cat "$WORK/stderr.txt" >&2; exit 1; }
  cat "$WORK/time.txt"
}

echo "model $MODEL, seed $SEED, levels ${LEVELS:-default}, shards on $SHARD_THREADS threads; work dir $WORK"
echo
echo "| trials | shards | bytes a shard (min – max) | bytes in all | bytes a trial | shards' seconds (sum) | merge s | merge peak MiB | single run s (1 thread) | single run peak MiB | load (1 min) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $TRIALS; do
  read -r single_s single_kib < <(timed "$BIN" simulate "$MODEL" --trials "$n" --seed "$SEED" "${LEVELS_OPT[@]}" \
                                         --threads 1 --quiet --format json -o "$WORK/single.json")
  rm -f "$WORK/single.json"
  for k in $SHARDS; do
    rm -f "$WORK"/part-*.shard
    start=$(date +%s.%N)
    for ((i = 0; i < k; i++)); do
      "$BIN" simulate "$MODEL" --trials "$n" --seed "$SEED" "${LEVELS_OPT[@]}" --threads "$SHARD_THREADS" --quiet \
        --shard "$i/$k" -o "$WORK/part-$i.shard"
    done
    shards_s=$(echo "$(date +%s.%N) - $start" | bc)
    sizes=$(stat -c %s "$WORK"/part-*.shard | sort -n)
    min=$(echo "$sizes" | head -1); max=$(echo "$sizes" | tail -1)
    total=$(echo "$sizes" | paste -sd+ | bc)
    read -r merge_s merge_kib < <(timed "$BIN" merge "$WORK"/part-*.shard --format json -o "$WORK/merged.json")
    rm -f "$WORK"/part-*.shard "$WORK/merged.json"
    load=$(cut -d' ' -f1 /proc/loadavg)
    printf "| %s | %d | %s – %s | %s | %.1f | %.1f | %s | %d | %s | %d | %s |\n" \
      "$n" "$k" "$min" "$max" "$total" "$(echo "$total / $n" | bc -l)" "$shards_s" "$merge_s" \
      "$((merge_kib / 1024))" "$single_s" "$((single_kib / 1024))" "$load"
  done
done
rm -f "$WORK/time.txt" "$WORK/stderr.txt"; rmdir "$WORK" 2>/dev/null || true
