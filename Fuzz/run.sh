#!/usr/bin/env bash
# Builds apmrisk's libFuzzer targets with AddressSanitizer and coverage and runs each for a bounded number of
# executions. Usage:
#   bash Fuzz/run.sh [RUNS] [TARGET…]     # RUNS executions (default 1,000,000) of each TARGET (default: both)
#   FUZZ_MAX_TOTAL_TIME=600 bash Fuzz/run.sh 1000000 OptionsFuzzer   # also stop each target after 600 s
# Targets: ModelLoaderFuzzer (any bytes as a model file) and OptionsFuzzer (any bytes as a command line, one
# argument a line). Each starts from the committed seeds in Fuzz/seeds/TARGET/ (one input per hostile class
# found so far) plus, for models, Models/, the bad-model corpus and the reference models; the working corpus
# grows in Fuzz/corpus/TARGET/ and crashes land in Fuzz/findings/ (both git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${1:-1000000}"
shift || true
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=(ModelLoaderFuzzer OptionsFuzzer); fi
# Release (-O keeps overflow traps; ArgumentParser's debug-only self-checks of its definitions would otherwise cost
# 50 ms an input), coverage instrumentation as -sanitize=fuzzer gives it, AddressSanitizer, libFuzzer without main.
FUZZLIB="$(ls /opt/swift/usr/lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null \
  || find "$(dirname "$(dirname "$(command -v swiftc)")")/lib" -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)"
# (swiftc accepts coverage instrumentation only together with a sanitizer, and -sanitize=fuzzer would link a
# second main, so AddressSanitizer stays on.)
FLAGS=(-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xlinker "$FUZZLIB" -Xlinker -lstdc++ --scratch-path .build-fuzz)
BIN_DIR="$(swift build -c release "${FLAGS[@]}" --show-bin-path)"
mkdir -p findings
for TARGET in "${TARGETS[@]}"; do
  swift build -c release "${FLAGS[@]}" --product "$TARGET"
  mkdir -p "corpus/$TARGET"
  cp seeds/"$TARGET"/* "corpus/$TARGET/"
  if [ "$TARGET" = ModelLoaderFuzzer ]; then
    cp ../Models/*.yaml ../Tests/APMRiskKitTests/Model/BadModels/*.yaml ../Benchmarks/reference/models/*.yaml "corpus/$TARGET/"
  fi
  echo "== $TARGET: $RUNS runs${FUZZ_MAX_TOTAL_TIME:+, at most $FUZZ_MAX_TOTAL_TIME s}"
  LSAN_OPTIONS="suppressions=$PWD/../scripts/lsan.supp:print_suppressions=0" \
    "$BIN_DIR/$TARGET" "corpus/$TARGET" -runs="$RUNS" -max_total_time="${FUZZ_MAX_TOTAL_TIME:-0}" -max_len=4096 \
    -timeout=10 -rss_limit_mb=4096 -artifact_prefix=findings/ -print_final_stats=1
done
