#!/usr/bin/env bash
# Write → WatchChanges delivery latency while the ledger takes a steady background write load: h2load sends
# RecordTransaction to one customer at a fixed rate (--rps per connection) for the whole measurement, and
# watch_latency.py meanwhile writes first purchases for fresh customers and times each one's lifecycle change on a
# WatchChanges stream (change received − write sent). Reports the background rate h2load achieved and the latencies.
#
# Usage: bench/classification/watch_under_load.sh [background tx/s, default 10000] [customers, default 4000] [writer threads, default 16]
set -euo pipefail
cd "$(dirname "$0")/../.."
load=${1:-10000}
customers=${2:-4000}
threads=${3:-16}
clients=8
seconds=40
python=${LEDGERGRPC_TEST_PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/watch-load.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

export LEDGER_PY_OUT=$work/py
mkdir -p "$LEDGER_PY_OUT"
protoc -I protos -I /usr/include --python_out="$LEDGER_PY_OUT" protos/ledger/v1/ledger.proto protos/ledger/v1/segments.proto
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null

dotnet server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll serve --urls http://127.0.0.1:0 --data-dir "$work/data" \
  --Logging:LogLevel:Default=Warning >"$work/server.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 600); do grep -q "listening on" "$work/server.log" && break; sleep 0.1; done
address=$(grep -o 'http://[0-9.:]*' "$work/server.log" | tail -1)
address=${address#http://}
source bench/lib/api_key.sh
export LEDGERGRPC_KEY; LEDGERGRPC_KEY=$(admin_key "$work/data"); mapfile -t auth < <(auth_header "$LEDGERGRPC_KEY")

"$python" bench/ledger/ledger_bench.py setup "$address" "$work/body.bin" >/dev/null
h2load -D "$seconds" -c "$clients" -m 64 --rps=$((load / clients)) -d "$work/body.bin" \
  -H 'content-type: application/grpc' -H 'te: trailers' "${auth[@]}" \
  "http://$address/ledger.v1.CustomerLedger/RecordTransaction" >"$work/h2load.txt" &
background=$!
pids+=("$background")
sleep 3 # let the background load reach its rate before measuring (a benchmark script, not a test)

PYTHONPATH="$LEDGER_PY_OUT" "$python" bench/classification/watch_latency.py "$address" "$customers" "$threads"
wait "$background" || true
echo "background load: $(grep -E '^finished in' "$work/h2load.txt")"
grep -E '^requests:|^status codes:' "$work/h2load.txt"
