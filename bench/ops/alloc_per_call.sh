#!/usr/bin/env bash
# Managed bytes allocated per durable RecordTransaction by a real server under h2load: the runtime's own allocation
# counter (dotnet.gc.heap.total_allocated, read by dotnet-counters once a second) over REQUESTS calls after a warm-up,
# divided by the calls. Exact where bench/ledger/alloc_profile.sh samples (it says by which type), and steadier than CPU
# time, though not constant: what is allocated per group-commit batch spreads over batches whose size follows the
# throughput, so runs of one build differ by up to ~5%. Run the variants in turn (e.g. metrics off, on, off, on) and read
# on vs off within neighbouring runs.
#
# Usage: bench/ops/alloc_per_call.sh REQUESTS DLL [SETTING...]
#   e.g. bench/ops/alloc_per_call.sh 300000 "$exe" --Operations:Metrics=false
# SETTINGs as compare_servers.sh (--Section:Key=value, or VAR=value for the environment). WARMUP_SECONDS (default 20),
# COUNT_SECONDS (below); KEEP_WORK=1 keeps the work folder (counters.csv, server.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/one_server.sh
counters=${DOTNET_COUNTERS:-$HOME/.dotnet/tools/dotnet-counters}
[ -x "$counters" ] || dotnet tool install -g dotnet-counters >/dev/null

start_warm_server "$dll" "$@"

# For COUNT_SECONDS (default 40: longer than REQUESTS take), the load starting 3 s in; the counter reports bytes
# allocated per interval, so their sum is the total (an idle server adds about 0.1 MB/s, a few bytes per call).
"$counters" collect -p "$server" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' --refresh-interval 1 \
  --duration "00:00:00:${COUNT_SECONDS:-40}" --format csv -o "$work/counters.csv" >"$work/counters.log" 2>&1 &
monitor=$!
sleep 3
load -n "$requests" | grep -E "^finished in|succeeded"
wait "$monitor" || true
monitor=
"$python" - "$work/counters.csv" "$requests" <<'PY'
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if len(r) > 3 and "total_allocated" in r[2]]
total = sum(float(r[-1]) for r in rows)
print(f"allocated per call: {total / int(sys.argv[2]):.0f} B ({total / 1e6:.1f} MB over {len(rows)} intervals, {sys.argv[2]} calls)")
PY
