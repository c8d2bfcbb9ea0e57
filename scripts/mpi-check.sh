#!/usr/bin/env bash
# Builds apmrisk-mpi (MPI/, Open MPI through pkg-config ompi-c: Debian's libopenmpi-dev and openmpi-bin) and checks
# that `mpirun -np 2` and `-np 3` give the single-process `apmrisk simulate` output byte for byte, but for the run
# record's timing (README, "What a merge reproduces"), on a bundle, a capitation and an importance-sampled run.
# Usage: bash scripts/mpi-check.sh   (installs libopenmpi-dev first if pkg-config cannot find ompi-c)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! pkg-config --exists ompi-c || ! command -v mpirun >/dev/null; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libopenmpi-dev openmpi-bin
fi
swift build --product apmrisk
(cd MPI && swift build --product apmrisk-mpi)
APMRISK=.build/debug/apmrisk
# Open MPI's shared-memory transport copies between ranks with CMA, which containers often forbid (ptrace): use
# plain copies, which work everywhere and only cost speed the check does not measure.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
MPI=MPI/.build/debug/apmrisk-mpi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
untimed() { sed -E -e 's/^[0-9]+ threads, [0-9.]+ s \([0-9,]+ trials\/s\), /(timing), /' \
    -e '/"(threads|elapsed_seconds|trials_per_second)"/d' -e '/^# (threads|elapsed_seconds|trials_per_second):/d' "$1"; }

check() {  # ranks, model, format, options…
    local ranks=$1 model=$2 format=$3
    shift 3
    "$APMRISK" simulate "$model" "$@" --quiet --format "$format" --output "$work/single.$format"
    mpirun --allow-run-as-root --oversubscribe -np "$ranks" "$MPI" simulate "$model" "$@" --threads 1 \
        --format "$format" --output "$work/mpi.$format"
    if ! cmp <(untimed "$work/single.$format") <(untimed "$work/mpi.$format"); then
        echo "mpi-check: FAILED: -np $ranks, $model, $format, options: $*" >&2
        diff <(untimed "$work/single.$format") <(untimed "$work/mpi.$format") | head -20 >&2
        exit 1
    fi
    echo "mpi-check: ok: -np $ranks, $model, $format ${*:+($*)}"
}

check 2 Models/knee-replacement-bundle.yaml json --trials 4000 --seed 3
check 3 Models/knee-replacement-bundle.yaml table --trials 4000 --seed 3 --levels 0.95,0.99 --exceedance 2e4
check 3 Models/primary-care-capitation.yaml csv --trials 600 --seed 5
check 2 Models/cjr-retrospective-bundle.yaml json --trials 3000 --tail-sampling auto
echo "mpi-check: every mpirun equals its single run"
