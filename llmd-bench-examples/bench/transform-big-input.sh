#!/usr/bin/env bash
# Big-input benchmark of the guidellm transformer against a bare Jackson streaming pass, with a 256 MiB heap.
# Usage: transform-big-input.sh [sizeMiB=1024] [runs=5]
set -euo pipefail
cp="$("$(dirname "$0")/classpath.sh")"
exec java -Xmx256m -cp "$cp" ai.llmd.bench.examples.bench.TransformBigInputBenchmark "${1:-1024}" "${2:-5}"
