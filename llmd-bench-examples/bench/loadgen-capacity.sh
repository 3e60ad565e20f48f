#!/usr/bin/env bash
# Capacity of the built-in load generator against nginx serving a canned streamed completion, compared with wrk
# at the same concurrency. Installs nginx and wrk from Debian when missing (needs root or sudo).
# Usage: loadgen-capacity.sh [concurrency=64] [seconds=10] [runs=5]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq nginx-light wrk >/dev/null
fi
work="$(mktemp -d)"
port=18080
body=""
for i in 0 1 2 3 4 5 6 7; do
  body+="data: {\\\"id\\\":\\\"cmpl-1\\\",\\\"object\\\":\\\"text_completion\\\",\\\"model\\\":\\\"m\\\",\\\"choices\\\":[{\\\"index\\\":0,\\\"text\\\":\\\"tok$i \\\",\\\"finish_reason\\\":null}]}\\n\\n"
done
body+="data: {\\\"id\\\":\\\"cmpl-1\\\",\\\"object\\\":\\\"text_completion\\\",\\\"model\\\":\\\"m\\\",\\\"choices\\\":[],\\\"usage\\\":{\\\"prompt_tokens\\\":8,\\\"completion_tokens\\\":8,\\\"total_tokens\\\":16}}\\n\\n"
body+="data: [DONE]\\n\\n"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$port;
    location /v1/completions {
      default_type text/event-stream;
      return 200 "$body";
    }
  }
}
CONF
nginx -c "$work/nginx.conf"
trap 'nginx -c "$work/nginx.conf" -s stop; rm -rf "$work"' EXIT
cp="$("$here/classpath.sh")"
java -cp "$cp" ai.llmd.bench.examples.bench.LoadgenCapacityBenchmark "http://127.0.0.1:$port" "${1:-64}" "${2:-10}" "${3:-5}" 1
