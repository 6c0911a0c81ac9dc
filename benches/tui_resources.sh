#!/usr/bin/env bash
# The TUI's resident memory with many jobs loaded, and its CPU use while nothing changes.
# Self-contained: builds the release binary, starts `drs-tui demo-server --jobs N` on port 0,
# opens the TUI against it in a detached tmux session (200x50), waits until the header shows
# every job loaded, reads VmRSS/VmHWM from /proc, then counts utime+stime over IDLE_SECS.
#
#   benches/tui_resources.sh            # JOBS=100000 IDLE_SECS=10
#   BIN=/path/to/drs-tui benches/tui_resources.sh   # another build (no cargo build then)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-100000}
IDLE_SECS=${IDLE_SECS:-10}
command -v tmux >/dev/null || { echo "needs tmux (apt-get install -y tmux)" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/drs-tui
fi
WORK=$(mktemp -d)
SESSION=drs-tui-resources-$$
SERVER_PID=
cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" demo-server --listen 127.0.0.1:0 --jobs "$JOBS" >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do grep -q '^token: ' "$WORK/server.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/server.out")
TOKEN=$(sed -n 's/^token: //p' "$WORK/server.out")
PROJECT=$(sed -n 's/^project_id: //p' "$WORK/server.out")

cat >"$WORK/run.sh" <<RUN
#!/bin/sh
echo \$\$ >"$WORK/tui.pid"
exec env DRS_TUI_TOKEN='$TOKEN' '$BIN' --endpoint '$URL' --project-id '$PROJECT' \
  --log-file '$WORK/tui.log' --audit-log '$WORK/audit.jsonl'
RUN
chmod +x "$WORK/run.sh"
start=$(date +%s.%N)
tmux new-session -d -s "$SESSION" -x 200 -y 50 "$WORK/run.sh"
for _ in $(seq 1 50); do [ -s "$WORK/tui.pid" ] && break; sleep 0.1; done
PID=$(cat "$WORK/tui.pid")
want=$(echo "$JOBS" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
loaded=
for _ in $(seq 1 600); do
  if tmux capture-pane -p -t "$SESSION" | head -1 | grep "jobs $want/$want" | grep -vq loading; then loaded=1; break; fi
  sleep 0.1
done
[ -n "$loaded" ] || { echo "the TUI did not show $want jobs" >&2; tmux capture-pane -p -t "$SESSION" | head -3 >&2; exit 1; }
echo "loaded $JOBS jobs in $(echo "$(date +%s.%N) - $start" | bc -l | xargs printf '%.2f') s (as seen by polling the screen)"
sleep 2 # let the completed listing settle (ListComplete is handled after the last page is drawn)
grep -E 'VmRSS|VmHWM' "/proc/$PID/status"
tick=$(getconf CLK_TCK)
a=$(awk '{print $14+$15}' "/proc/$PID/stat"); sleep "$IDLE_SECS"; b=$(awk '{print $14+$15}' "/proc/$PID/stat")
echo "idle CPU over ${IDLE_SECS} s: $((b - a)) ticks of 1/${tick} s = $(echo "($b - $a) * 100 / $tick / $IDLE_SECS" | bc -l | xargs printf '%.2f')% of one core"
grep VmRSS "/proc/$PID/status"
