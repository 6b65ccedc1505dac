#!/usr/bin/env bash
# Load test of the Learn pages and API with wrk (Debian package), against a fresh `alknav serve` on loopback.
# Usage: bench/wrk.sh [seconds]   -> prints a Markdown table for bench/RESULTS.md
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
PORT=5097
DATA=$(mktemp -d)
./alknav serve --urls "http://127.0.0.1:$PORT" --data "$DATA" >"$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
echo "| URL | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
for path in /healthz /api/drugs /api/drugs/lorlatinib "/api/search?q=G1202R" /learn /learn/drugs/lorlatinib /learn/compare /learn/resistance "/learn/search?q=brain"; do
  wrk -t2 -c64 -d2s "http://127.0.0.1:$PORT$path" >/dev/null 2>&1   # warm-up
  out=$(wrk -t2 -c64 -d"${SECS}s" --latency "http://127.0.0.1:$PORT$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print " (" $4 " non-2xx)"}')
  echo "| \`$path\` | $rps$non2xx | $p50 | $p99 |"
done
