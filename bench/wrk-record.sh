#!/usr/bin/env bash
# Load test of the signed-in Record pages and API with wrk: `alknav demo` creates the demo patient, curl logs in
# (anti-forgery token + cookie), then wrk requests each page with that session cookie.
# Usage: bench/wrk-record.sh [seconds] [extra paths...]  -> prints a Markdown table for bench/RESULTS.md
# Extra paths may contain {rid} (the demo record id).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}; shift || true
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
PORT=5098
DATA=$(mktemp -d)
DEMO=$(./alknav demo --data "$DATA")
EMAIL=$(echo "$DEMO" | awk '/Patient:/ {print $2}')
PASS=$(echo "$DEMO" | awk '/Password:/ {print $2; exit}')
RID=$(echo "$DEMO" | grep -o '/record/[0-9a-f-]*' | head -1 | cut -d/ -f3)
./alknav serve --urls "http://127.0.0.1:$PORT" --data "$DATA" >"$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
JAR="$DATA/cookies"
TOKEN=$(curl -fs -c "$JAR" "$BASE/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "Input.Email=$EMAIL" --data-urlencode "Input.Password=$PASS" \
  --data-urlencode "__RequestVerificationToken=$TOKEN" "$BASE/account/login"
COOKIE=$(awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7} /^#HttpOnly_/ {printf "%s=%s; ", $6, $7}' "$JAR")
curl -fs -H "Cookie: $COOKIE" "$BASE/record/$RID" >/dev/null || { echo "login failed" >&2; exit 1; }
echo "| URL | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
for path in "/record/{rid}" "/record/{rid}/treatments" "/record/{rid}/biomarkers" "/record/{rid}/card" "/api/records/{rid}" "/api/records/{rid}/profile" "$@"; do
  url="$BASE${path//\{rid\}/$RID}"
  wrk -t2 -c32 -d2s -H "Cookie: $COOKIE" "$url" >/dev/null 2>&1   # warm-up
  out=$(wrk -t2 -c32 -d"${SECS}s" --latency -H "Cookie: $COOKIE" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print " (" $4 " non-2xx)"}')
  echo "| \`$path\` | $rps$non2xx | $p50 | $p99 |"
done
