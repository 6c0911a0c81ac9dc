#!/usr/bin/env bash
# End-to-end timings of whole drs-tui commands against the demo service with per-request
# latency. Self-contained: builds the release binary, starts `drs-tui demo-server` on port 0,
# reads the `listening on` line and the token from its banner, times the commands, stops it.
#
#   benches/e2e.sh                 # defaults: 10,000 jobs, 20 ms latency, 500 deletes
#   JOBS=10000 LATENCY_MS=20 DELETES=500 RUNS=5 benches/e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-10000}
LATENCY_MS=${LATENCY_MS:-20}
DELETES=${DELETES:-500}
RUNS=${RUNS:-5}
CONCURRENCY=${CONCURRENCY:-4}

cargo build --release --quiet
BIN=$PWD/target/release/drs-tui
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_server() {
  "$BIN" demo-server --listen 127.0.0.1:0 --jobs "$JOBS" --latency-ms "$LATENCY_MS" >"$WORK/server.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    grep -q '^listening on ' "$WORK/server.out" && grep -q '^token: ' "$WORK/server.out" && break
    sleep 0.05
  done
  URL=$(sed -n 's/^listening on //p' "$WORK/server.out")
  TOKEN=$(sed -n 's/^token: //p' "$WORK/server.out")
  PROJECT=$(sed -n 's/^project_id: //p' "$WORK/server.out")
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }

drs() {
  DRS_TUI_TOKEN=$TOKEN "$BIN" --endpoint "$URL" --project-id "$PROJECT" \
    --log-file "$WORK/drs.log" --audit-log "$WORK/audit.jsonl" --concurrency "$CONCURRENCY" "$@"
}
now() { date +%s.%N; }
ms() { echo "($2 - $1) * 1000" | bc -l | xargs printf '%.0f'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "jobs=$JOBS latency=${LATENCY_MS}ms concurrency=$CONCURRENCY runs=$RUNS"

# --- list every job type --------------------------------------------------------------------
start_server
# Pages per type from the server's own totals (page size 1000): the limit is
# (pages / concurrency + 1) x latency, with concurrency = 4 job types x LIST_CONCURRENCY.
pages=0
for t in migration sync cloudDataGuard replay; do
  n=$(drs jobs list --job-type "$t" -o json | jq length)
  pages=$((pages + (n + 999) / 1000))
done
times=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); drs jobs list >/dev/null; t1=$(now)
  times+=("$(ms "$t0" "$t1")")
done
list_ms=$(printf '%s\n' "${times[@]}" | median)
t0=$(now); drs --version >/dev/null 2>&1 || drs --help >/dev/null; t1=$(now)
echo "list: pages=$pages runs_ms=${times[*]} median_ms=$list_ms process_start_ms=$(ms "$t0" "$t1")"
stop_server

# --- delete stopped jobs ----------------------------------------------------------------------
del_times=()
for _ in $(seq 1 "$RUNS"); do
  start_server
  drs jobs list --status RELEASE_RESOURCE_COMPLETE -o json | jq -r --argjson n "$DELETES" '.[:$n][].id' >"$WORK/ids"
  got=$(wc -l <"$WORK/ids")
  [ "$got" -eq "$DELETES" ] || { echo "only $got stopped jobs; raise JOBS" >&2; exit 1; }
  t0=$(now); drs jobs delete --yes $(cat "$WORK/ids") >"$WORK/delete.out"; t1=$(now)
  ok=$(grep -c '' "$WORK/delete.out" || true)
  del_times+=("$(ms "$t0" "$t1")")
  stop_server
done
del_ms=$(printf '%s\n' "${del_times[@]}" | median)
echo "delete: n=$DELETES runs_ms=${del_times[*]} median_ms=$del_ms output_lines=$ok"
echo "limits: list=$(( (pages / 16 + 1) * LATENCY_MS ))ms (16 in flight) or $(( (pages / 4 + 1) * LATENCY_MS ))ms (4 in flight); delete=$(( DELETES * LATENCY_MS / CONCURRENCY ))ms"
