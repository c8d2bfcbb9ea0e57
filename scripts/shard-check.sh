#!/usr/bin/env bash
# Runs the Slurm scripts as Slurm would — apmrisk-array.sbatch once per array task, in a loop, then
# apmrisk-merge.sbatch — on two models, and checks that the merged output equals the single-process
# `apmrisk simulate` output byte for byte, but for the run record's timing (README, "What a merge reproduces").
# About 20 s with a debug build. Usage: bash scripts/shard-check.sh [path/to/apmrisk]
set -euo pipefail
cd "$(dirname "$0")/.."
APMRISK=${1:-.build/debug/apmrisk}
[ -x "$APMRISK" ] || swift build --product apmrisk
APMRISK=$(cd "$(dirname "$APMRISK")" && pwd)/$(basename "$APMRISK")
export APMRISK
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The timing: the table's "N threads, S s (R trials/s)" line, and the threads / elapsed / rate fields of json and csv.
untimed() { sed -E -e 's/^[0-9]+ threads, [0-9.]+ s \([0-9,]+ trials\/s\), /(timing), /' -e '/"(threads|elapsed_seconds|trials_per_second)"/d' \
    -e '/^# (threads|elapsed_seconds|trials_per_second):/d' "$1"; }

check() {  # model, shards, format, options…
    local model=$1 shards=$2 format=$3
    shift 3
    export MODEL=$model APMRISK_OPTIONS="$*" OUTDIR=$work/shards FORMAT=$format RESULT=$work/merged.$format
    rm -rf "$OUTDIR"
    for ((i = 0; i < shards; i++)); do
        SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=$((shards - 1)) SLURM_CPUS_PER_TASK=1 \
            bash scripts/slurm/apmrisk-array.sbatch
    done
    bash scripts/slurm/apmrisk-merge.sbatch
    # shellcheck disable=SC2068
    "$APMRISK" simulate "$model" $@ --quiet --format "$format" --output "$work/single.$format"
    if ! cmp -s <(untimed "$work/single.$format") <(untimed "$work/merged.$format"); then
        echo "shard-check: FAILED: $model, $shards shards, $format, options: $*" >&2
        diff <(untimed "$work/single.$format") <(untimed "$work/merged.$format") | head -20 >&2
        exit 1
    fi
    echo "shard-check: ok: $model, $shards shards, $format ${*:+($*)}"
}

check Models/knee-replacement-bundle.yaml 4 json --trials 4000 --seed 3
check Models/knee-replacement-bundle.yaml 3 table --trials 4000 --seed 3 --levels 0.95,0.99 --exceedance 2e4
check Models/primary-care-capitation.yaml 3 csv --trials 600 --seed 5
check Models/cjr-retrospective-bundle.yaml 2 json --trials 3000 --tail-sampling auto
echo "shard-check: every merge equals its single run"
