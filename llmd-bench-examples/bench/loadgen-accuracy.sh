#!/usr/bin/env bash
# Accuracy (TTFT/ITL medians against the simulator at 500 req/s), schedule delay at 2000 req/s, and heap growth.
# Usage: loadgen-accuracy.sh [runs=3] [seconds=10]
set -euo pipefail
cp="$("$(dirname "$0")/classpath.sh")"
exec java -Xmx512m -cp "$cp" ai.llmd.bench.examples.bench.LoadgenAccuracyBenchmark "${1:-3}" "${2:-10}"
