#!/usr/bin/env bash
# HTML report for 100 load points against writing the same reports as YAML, in a fresh JVM.
# Usage: html-report.sh [runs=7]
set -euo pipefail
cp="$("$(dirname "$0")/classpath.sh")"
exec java -cp "$cp" ai.llmd.bench.examples.bench.HtmlReportBenchmark "${1:-7}"
