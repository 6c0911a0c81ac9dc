#!/bin/bash
# usage: mem.sh BIN JOBS
BIN=$1; N=${2:-100000}
$BIN demo-server --listen 127.0.0.1:0 --jobs $N > srv.out 2>&1 &
SRV=$!
for i in $(seq 1 100); do grep -q "listening on" srv.out && break; sleep 0.2; done
URL=$(sed -n 's/^listening on //p' srv.out)
tmux kill-session -t memt 2>/dev/null
tmux new-session -d -s memt -x 200 -y 50 "DRS_TUI_TOKEN=MIIDEMO-drs-tui-demo-token-not-a-real-token $BIN --endpoint $URL --project-id de40de40de40de40de40de40de40de40 --log-file /tmp/perf/tui.log --audit-log /tmp/perf/audit.jsonl"
sleep 1
PID=$(pgrep -f -n "^$BIN --endpoint")
for i in $(seq 1 ${SECS:-30}); do sleep 1; echo "t=$i $(grep VmRSS /proc/$PID/status)"; done
tmux capture-pane -p -t memt | head -5
grep VmHWM /proc/$PID/status
[ -n "$TRIM" ] && gdb -p $PID -batch -ex "call (int)malloc_trim(0)" >/dev/null 2>&1 && grep VmRSS /proc/$PID/status
tmux kill-session -t memt
kill $SRV
