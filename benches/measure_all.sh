#!/usr/bin/env bash
# Re-measures every row of the README's Performance table in one run and prints the rows, each
# with today's date, ready to paste over the table's rows. Run it on a quiet machine: the
# criterion and end-to-end figures are times (the memory bench counts bytes, which load does
# not move). Takes about 10 minutes after the build.
#
#   benches/measure_all.sh              # prints the rows; raw outputs kept in $KEEP (a temp dir)
#   QUICK=1 benches/measure_all.sh      # shorter criterion runs (1 s warm-up, 2 s measurement)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }
command -v tmux >/dev/null || { echo "needs tmux" >&2; exit 1; }
DAY=$(date -u +%Y-%m-%d)
KEEP=${KEEP:-$(mktemp -d)}
if [ -n "${QUICK:-}" ]; then CRIT=(--warm-up-time 1 --measurement-time 2); else CRIT=(--warm-up-time 2 --measurement-time 5); fi

echo "building (release, benches)…" >&2
cargo build --release --quiet
cargo bench --quiet --no-run --bench tui --bench api --bench memory 2>/dev/null

echo "criterion: tui, api…" >&2
cargo bench --quiet --bench tui -- "${CRIT[@]}" >"$KEEP/tui.txt" 2>&1
cargo bench --quiet --bench api -- parse "${CRIT[@]}" >"$KEEP/api.txt" 2>&1
echo "memory: heap count, resident set, idle CPU…" >&2
cargo bench --quiet --bench memory >"$KEEP/memory.txt" 2>&1
BIN=$PWD/target/release/drs-tui IDLE_SECS=10 benches/tui_resources.sh >"$KEEP/resources.txt" 2>&1
echo "end to end: list 10,000, delete 500…" >&2
RUNS=3 benches/e2e.sh >"$KEEP/e2e.txt" 2>&1

# The median of a criterion bench (the middle of its `time: [low median high]`), in ms.
crit() {
  awk -v id="$1" '
    $0 ~ "^" id "$" || $1 == id { found = 1 }
    found && /time:/ {
      gsub(/[\[\]]/, ""); v = $4; u = $5
      if (u == "ns") v /= 1e6; else if (u == "µs" || u == "us") v /= 1e3; else if (u == "s") v *= 1e3
      printf (v < 0.1 ? "%.3f" : (v < 10 ? "%.2f" : "%.1f")), v; exit
    }' "$2"
}
kb_to_mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
field() { sed -n "s/^.*$1[: ]*\([0-9.]*\).*$/\1/p" "$2" | head -1; }

t=$KEEP/tui.txt
frame_big=$(crit "render/full_frame_200x50/100000_jobs" "$t")
frame_small=$(crit "render/full_frame_200x50/100_jobs" "$t")
f_first=$(crit "filter_keystroke_100000_jobs/first_letter" "$t")
f_grow=$(crit "filter_keystroke_100000_jobs/growing_query_narrows" "$t")
f_back=$(crit "filter_keystroke_100000_jobs/backspace_rescans" "$t")
f_zh=$(crit "filter_keystroke_100000_jobs/chinese_narrows" "$t")
f_label=$(crit "filter_keystroke_100000_jobs/label_zh" "$t")
s_name=$(crit "sort_100000_jobs/by_name" "$t")
s_pinyin=$(crit "sort_100000_jobs/by_name_pinyin" "$t")
s_created=$(crit "sort_100000_jobs/by_created" "$t")
busy_key=$(crit "busy_100000_jobs/key_j_update_and_frame" "$t")
busy_rm=$(crit "busy_100000_jobs/remove_one_deleted_row" "$t")
parse=$(crit "parse/list_page_1000_jobs" "$KEEP/api.txt")
rss=$(kb_to_mb "$(awk '/VmRSS/ {v = $2} END {print v}' "$KEEP/resources.txt")")
hwm=$(kb_to_mb "$(awk '/VmHWM/ {print $2; exit}' "$KEEP/resources.txt")")
ticks=$(sed -n 's/^idle CPU over [0-9]* s: \([0-9]*\) ticks.*/\1/p' "$KEEP/resources.txt")
heap=$(sed -n 's/^  heap asked for: \([0-9.]* MB\) (\([0-9]*\) bytes a job).*/\1, \2 B a job/p' "$KEEP/memory.txt")
list_ms=$(sed -n 's/^list: .*median_ms=\([0-9]*\).*/\1/p' "$KEEP/e2e.txt")
del_ms=$(sed -n 's/^delete: .*median_ms=\([0-9]*\).*/\1/p' "$KEEP/e2e.txt")
ratio=$(awk -v a="$frame_big" -v b="$frame_small" 'BEGIN { if (b > 0) printf "%.1f", a / b }')

cat <<ROWS
| what | target | measured ($DAY, this machine: $(nproc) cores) | command |
|---|---|---|---|
| draw one full frame (200×50, real \`ui::render\` on \`TestBackend\`), 100,000 jobs | ≤ 1 ms median, ≤ 1.5× the 100-job frame | **$frame_big ms**; 100 jobs: $frame_small ms (${ratio}×) ($DAY) | \`cargo bench --bench tui -- render\` |
| one filter keystroke over 100,000 jobs | ≤ 3 ms median; a growing query narrows | first letter **$f_first ms**; growing query (narrows the previous view) **$f_grow ms**; Backspace (rescan) **$f_back ms**; Chinese 2nd character **$f_zh ms**; a status label in Chinese (已结束) **$f_label ms** ($DAY) | \`cargo bench --bench tui -- filter\` |
| sort 100,000 jobs | ≤ 30 ms | by name, natural (\`feed-14\` before \`feed-102\`) **$s_name ms**; by name in Chinese mode (pinyin, natural numbers) **$s_pinyin ms**; by created **$s_created ms** ($DAY) | \`cargo bench --bench tui -- sort\` |
| parse one 1,000-job list page | ≤ 2 ms | **$parse ms** ($DAY) | \`cargo bench --bench api -- parse\` |
| memory, 100,000 jobs loaded in the TUI | ≤ 90 MB resident | **$rss MB** VmRSS after loading, peak VmHWM **$hwm MB**; the app's heap $heap ($DAY) | \`benches/tui_resources.sh\`, \`cargo bench --bench memory\` |
| list 10,000 jobs, all types, demo service at 20 ms/request | ≤ 1.5 × (pages ÷ 4 + 1) × 20 ms = 120 ms (12 pages) | **$list_ms ms** median of 3, whole command ($DAY) | \`benches/e2e.sh\` |
| delete 500 stopped jobs, 20 ms/request, concurrency 4 | ≤ 1.3 × 500 × 20 ÷ 4 = 3,250 ms | **$del_ms ms** median of 3, whole command including the lookup ($DAY) | \`benches/e2e.sh\` |
| a key press while 500 deletes run | redrawn within one frame (16 ms) | key update + full frame **$busy_key ms**; each finished delete's row removal **$busy_rm ms** ($DAY) | \`cargo bench --bench tui -- busy\` |
| idle CPU with nothing changing | ~0 | **$ticks ticks in 10 s** (100,000 jobs loaded) ($DAY) | \`benches/tui_resources.sh\` |
ROWS
echo >&2
echo "raw outputs: $KEEP" >&2
