#!/usr/bin/env bash
# Deploys 10 stacks (real Helm releases) into the extended mock API server, sequentially and in parallel.
# Usage: stack-deploy.sh [stacks=10] [runs=3]
set -euo pipefail
cp="$("$(dirname "$0")/classpath.sh")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec java -Dllmd.bench.charts="$root/llmd-bench-core/src/test/resources/charts" -cp "$cp" ai.llmd.bench.examples.bench.StackDeployBenchmark "${1:-10}" "${2:-3}"
