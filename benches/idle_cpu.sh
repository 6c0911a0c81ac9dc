#!/bin/bash
BIN=$1; N=${2:-100000}
$BIN demo-server --listen 127.0.0.1:0 --jobs $N > srv2.out 2>&1 &
SRV=$!
for i in $(seq 1 100); do grep -q "listening on" srv2.out && break; sleep 0.2; done
URL=$(sed -n 's/^listening on //p' srv2.out)
tmux kill-session -t idle 2>/dev/null
tmux new-session -d -s idle -x 200 -y 50 "DRS_TUI_TOKEN=MIIDEMO-drs-tui-demo-token-not-a-real-token $BIN --endpoint $URL --project-id de40de40de40de40de40de40de40de40 --log-file /tmp/perf/tui2.log --audit-log /tmp/perf/audit2.jsonl"
sleep 8
PID=$(pgrep -f -n "^$BIN --endpoint")
tick=$(getconf CLK_TCK)
a=$(awk '{print $14+$15}' /proc/$PID/stat); sleep 10; b=$(awk '{print $14+$15}' /proc/$PID/stat)
echo "idle cpu over 10 s: $((b-a)) ticks of 1/$tick s  -> $(echo "($b-$a)*100/$tick/10" | bc -l | xargs printf '%.2f')% of one core"
grep VmRSS /proc/$PID/status
tmux kill-session -t idle; kill $SRV
