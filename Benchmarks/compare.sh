#!/usr/bin/env bash
# Builds apmrisk (release) and the reference C loop, makes sure NumPy is there, and runs the side-by-side
# comparison. Usage, from anywhere: bash Benchmarks/compare.sh [--seconds S] [--repeat K] [--memory]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
mkdir -p .build
cc -O2 -o .build/gsl_loop Benchmarks/reference/gsl_loop.c $(pkg-config --cflags --libs gsl) -lm
python3 -c "import numpy" 2>/dev/null || python3 -m pip install --quiet numpy
python3 Benchmarks/compare.py "$@"
