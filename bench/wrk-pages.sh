#!/usr/bin/env bash
# Issue 12's speed targets: the main signed-in pages against signed-in /learn, in one run.
# `alknav demo` creates the demo patient, curl logs in (anti-forgery token + cookie), then for each page a warm-up and a
# `wrk -t2 -c32 -d${SECS}s` run with that session; finally the overview again at -c64. Prints a Markdown table with each
# page's share of /learn's requests/s.
# Usage: bench/wrk-pages.sh [seconds] [DLL] [DLL2]   (DLL: a built alknav.dll; default: ./alknav, which builds when needed)
# With DLL2 (e.g. a "before" and an "after" build) both servers run at once, each with its own data, and every page is
# measured on DLL then at once on DLL2, so a busy machine's changing load falls on both alike; one table per DLL.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}
DLLS=("${2:-}")
[ -n "${3:-}" ] && DLLS+=("$3")
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
ROOT=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null; done; rm -rf "$ROOT"' EXIT
declare -a BASES COOKIES RIDS LEARN TABLES
for i in "${!DLLS[@]}"; do
  DLL=${DLLS[$i]}
  if [ -n "$DLL" ]; then CMD=(dotnet "$DLL"); else ./alknav --help >/dev/null; CMD=(dotnet .build/alknav/alknav.dll); fi
  DATA="$ROOT/$i"; mkdir -p "$DATA"
  DEMO=$("${CMD[@]}" demo --data "$DATA")
  EMAIL=$(echo "$DEMO" | awk '/Patient:/ {print $2}')
  PASS=$(echo "$DEMO" | awk '/Password:/ {print $2; exit}')
  RIDS[$i]=$(echo "$DEMO" | grep -o '/record/[0-9a-f-]*' | head -1 | cut -d/ -f3)
  PORT=$(( ${PORT:-5099} + i ))
  # Started directly (not through a function), so $! is the server itself and the trap stops it.
  ALKNAV_Logging__LogLevel__Default=Warning "${CMD[@]}" serve --urls "http://127.0.0.1:$PORT" --data "$DATA" >"$DATA/serve.log" 2>&1 &
  PIDS+=($!)
  BASE="http://127.0.0.1:$PORT"; BASES[$i]=$BASE
  for _ in $(seq 1 120); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.5; done
  JAR="$DATA/cookies"
  TOKEN=$(curl -fs -c "$JAR" "$BASE/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "Input.Email=$EMAIL" --data-urlencode "Input.Password=$PASS" \
    --data-urlencode "__RequestVerificationToken=$TOKEN" "$BASE/account/login"
  COOKIES[$i]=$(awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7} /^#HttpOnly_/ {printf "%s=%s; ", $6, $7}' "$JAR")
  curl -fs -H "Cookie: ${COOKIES[$i]}" "$BASE/record/${RIDS[$i]}" >/dev/null || { echo "login failed" >&2; exit 1; }
  TABLES[$i]=""
done
for spec in "/learn 32" "/record/{rid} 32" "/ 32" "/record/{rid}/schedule 32" "/record/{rid}/symptoms 32" "/record/{rid}/trials 32" "/record/{rid} 64"; do
  path=${spec% *}; conns=${spec#* }
  for i in "${!DLLS[@]}"; do
    url="${BASES[$i]}${path//\{rid\}/${RIDS[$i]}}"
    wrk -t2 -c"$conns" -d3s -H "Cookie: ${COOKIES[$i]}" "$url" >/dev/null 2>&1   # warm-up
    out=$(wrk -t2 -c"$conns" -d"${SECS}s" --latency -H "Cookie: ${COOKIES[$i]}" "$url")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    errs=$(echo "$out" | awk '/Socket errors/ {e=$0} /Non-2xx/ {n=$0} END {s=e; if (n!="") s=s (s==""?"":"; ") n; print (s==""?"none":s)}')
    [ -z "${LEARN[$i]:-}" ] && LEARN[$i]=$rps
    share=$(awk -v a="$rps" -v b="${LEARN[$i]}" 'BEGIN {printf "%.2f", a/b}')
    TABLES[$i]+="| \`$path\` | $conns | $rps | $share | $p50 | $p99 | $errs | $(cut -d' ' -f1 /proc/loadavg) |"$'\n'
  done
done
for i in "${!DLLS[@]}"; do
  [ ${#DLLS[@]} -gt 1 ] && echo "${DLLS[$i]:-./alknav}:"
  echo "| URL | connections | requests/s | share of /learn | p50 | p99 | errors | load average |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s' "${TABLES[$i]}"
done
