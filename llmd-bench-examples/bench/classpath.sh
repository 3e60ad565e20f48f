#!/usr/bin/env bash
# Builds the project (without tests) and prints the examples' runtime class path.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -B install -DskipTests -Dspotless.check.skip=true >&2
cp_file="$(mktemp)"
mvn -q -B -pl llmd-bench-examples dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
echo "$root/llmd-bench-examples/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
