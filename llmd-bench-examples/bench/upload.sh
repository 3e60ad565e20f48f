#!/usr/bin/env bash
# Upload speed of S3Store to s3proxy on loopback against a local copy of the same ~1 GB of files.
# Usage: upload.sh [runs=3] [scale=1.0] [s3proxy store=filesystem-nio2|transient-nio2]
set -euo pipefail
cp="$("$(dirname "$0")/classpath.sh")"
exec java -Xmx1g -cp "$cp" ai.llmd.bench.examples.bench.UploadBenchmark "${1:-3}" "${2:-1.0}" "${3:-filesystem-nio2}"
