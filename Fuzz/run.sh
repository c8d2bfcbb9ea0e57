#!/usr/bin/env bash
# Builds the model-loader fuzzer with libFuzzer and AddressSanitizer and runs it for a bounded number of
# executions (default 1,000,000) from a seed corpus of Models/ and the bad-model corpus.
# Usage: bash Fuzz/run.sh [RUNS]   — crashes are written to Fuzz/findings/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${1:-1000000}"
# Coverage instrumentation as -sanitize=fuzzer gives it, AddressSanitizer, and libFuzzer without its main.
FUZZLIB="$(ls /opt/swift/usr/lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null \
  || find "$(dirname "$(dirname "$(command -v swiftc)")")/lib" -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)"
FLAGS=(-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xlinker "$FUZZLIB" -Xlinker -lstdc++ --scratch-path .build-fuzz)
swift build -c debug "${FLAGS[@]}" --product ModelLoaderFuzzer
BIN="$(swift build -c debug "${FLAGS[@]}" --show-bin-path)/ModelLoaderFuzzer"
mkdir -p corpus findings
cp ../Models/*.yaml ../Tests/APMRiskKitTests/Model/BadModels/*.yaml ../Benchmarks/reference/models/*.yaml corpus/
LSAN_OPTIONS="suppressions=$PWD/../scripts/lsan.supp:print_suppressions=0" \
  "$BIN" corpus -runs="$RUNS" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -artifact_prefix=findings/ -print_final_stats=1
