#!/usr/bin/env bash
# Issue 15's plugin figures on one seeded ledger, in one run:
#  1. Server CPU per durable RecordTransaction with no plugin vs the three sample plugins (Rfm, Abc, ChurnRisk): two
#     servers on copies of the same seeded ledger, the same h2load load, rounds alternating between them.
#  2. A hot reload at a fixed write rate: a third server with the samples and the Tier test plugin (build 1) takes
#     RecordTransaction at RATE calls/s (h2load --rps) for DURATION seconds; halfway, Tier's build 2 is copied over
#     build 1 (the folder watcher loads it beside the old one, validates it, re-classifies everyone, swaps, unloads the
#     old one). Reported: calls sent vs committed (a failed call is not committed) and p50/p99 write latency before,
#     during (copy → live + 1 s) and after the swap.
# Usage: bench/plugins/run.sh [customers=20000] [requests per CPU round=60000] [rounds=3]   (env RATE=5000 DURATION=40;
#        PARTS=2 runs the hot reload alone)
set -euo pipefail
cd "$(dirname "$0")/../.."
customers=${1:-20000}
requests=${2:-60000}
rounds=${3:-3}
rate=${RATE:-5000}
duration=${DURATION:-40}
parts=${PARTS:-12}
warmup_seconds=${WARMUP_SECONDS:-20}
python=${LEDGERGRPC_TEST_PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/plugin-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export LEDGER_PY_OUT=$work/py
mkdir -p "$LEDGER_PY_OUT"
protoc --python_out="$LEDGER_PY_OUT" -Iprotos -I/usr/include ledger/v1/ledger.proto ledger/v1/plugins.proto ledger/v1/segments.proto
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
for v in V1 V2; do dotnet build "tests/plugins/Tier/$v" -c Release -v q -nologo >/dev/null; done
exe=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll
dotnet "$exe" seed --customers "$customers" --data-dir "$work/seeded" >/dev/null

source bench/lib/api_key.sh
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
h2() { # $1 = port, then h2load options
  local port=$1 auth; shift
  mapfile -t auth < <(auth_header "${key_of_port[$port]}")
  h2load "$@" -d "$work/body-$port.bin" -H 'content-type: application/grpc' -H 'te: trailers' "${auth[@]}" \
    "http://127.0.0.1:$port/ledger.v1.CustomerLedger/RecordTransaction"
}

declare -A port_of pid_of key_of_port
start_server() { # $1 = name, $2 = how many plugins must be live
  local name=$1 port
  port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # Every call needs an API key: an admin key (plugin calls need it) made before the server starts.
  key_of_port[$port]=$(dotnet "$exe" keys create --name bench --role admin --data-dir "$work/data-$name" | grep '^lgk_')
  export LEDGERGRPC_KEY=${key_of_port[$port]}
  dotnet "$exe" serve --urls "http://127.0.0.1:$port" --data-dir "$work/data-$name" --Plugins:RequireApproval=false \
    --Classification:SweepInterval=00:00:00 --Logging:LogLevel:Default=Warning >"$work/server-$name.log" 2>&1 &
  pid_of[$name]=$!; pids+=("$!"); port_of[$name]=$port
  id_of[$name]=$("$python" bench/ledger/ledger_bench.py setup "127.0.0.1:$port" "$work/body-$port.bin")
  if [ "$2" -gt 0 ]; then echo "$name: $("$python" bench/plugins/plugin_bench.py live "127.0.0.1:$port" "$2")"; fi
}
declare -A id_of
count() { LEDGERGRPC_KEY=${key_of_port[${port_of[$1]}]} "$python" bench/ledger/ledger_bench.py count "127.0.0.1:${port_of[$1]}" "${id_of[$1]}"; }

if [[ $parts == *1* ]]; then
for name in none samples; do cp -r "$work/seeded" "$work/data-$name"; done
dotnet "$exe" plugins install-samples --data-dir "$work/data-samples" >/dev/null
start_server none 0
start_server samples 3
for name in none samples; do
  h2 "${port_of[$name]}" -D "$warmup_seconds" -c 8 -m 64 >/dev/null
done

echo "--- 1. server CPU per RecordTransaction ($customers customers, $requests calls per round, h2load -c 8 -m 64)"
declare -A cpu_sum tx_sum
for round in $(seq 1 "$rounds"); do
  for name in none samples; do
    pid=${pid_of[$name]}
    before=$(count "$name"); cpu_before=$(cpu_ticks "$pid"); started=$(date +%s.%N)
    h2 "${port_of[$name]}" -n "$requests" -c 8 -m 64 >/dev/null
    ended=$(date +%s.%N); cpu_after=$(cpu_ticks "$pid"); after=$(count "$name")
    tx=$((after - before)); cpu=$((cpu_after - cpu_before))
    cpu_sum[$name]=$(( ${cpu_sum[$name]:-0} + cpu )); tx_sum[$name]=$(( ${tx_sum[$name]:-0} + tx ))
    echo "round $round $name: committed $tx of $requests, $(echo "$tx / ($ended - $started)" | bc) tx/s, server CPU $(echo "scale=1; $cpu * 1000000 / $(getconf CLK_TCK) / $tx" | bc) µs/tx"
  done
done
none_us=$(echo "scale=2; ${cpu_sum[none]} * 1000000 / $(getconf CLK_TCK) / ${tx_sum[none]}" | bc)
samples_us=$(echo "scale=2; ${cpu_sum[samples]} * 1000000 / $(getconf CLK_TCK) / ${tx_sum[samples]}" | bc)
echo "all rounds: none $none_us µs/tx, samples $samples_us µs/tx, ratio $(echo "scale=3; $samples_us / $none_us" | bc)"
kill "${pid_of[none]}" "${pid_of[samples]}"; wait "${pid_of[none]}" "${pid_of[samples]}" 2>/dev/null || true
fi

echo "--- 2. hot reload of Tier (build 1 → 2) at $rate RecordTransaction/s for $duration s, with the three samples loaded"
cp -r "$work/seeded" "$work/data-reload"
dotnet "$exe" plugins install-samples --data-dir "$work/data-reload" >/dev/null
mkdir -p "$work/data-reload/plugins/Tier"
cp tests/plugins/Tier/V1/bin/Release/net10.0/* "$work/data-reload/plugins/Tier/"
start_server reload 4
port=${port_of[reload]}
h2 "$port" -D "$warmup_seconds" -c 10 -m 16 --rps $((rate / 10)) >/dev/null
h2 "$port" -n 2000 -c 10 -m 16 >/dev/null
before=$(count reload)
"$python" bench/plugins/plugin_bench.py swap "127.0.0.1:$port" "$work/data-reload/plugins/Tier" tests/plugins/Tier/V2/bin/Release/net10.0 2.0.0.0 \
  "$((duration / 2))" >"$work/swap.json" &
swapper=$!
h2 "$port" -D "$duration" -c 10 -m 16 --rps $((rate / 10)) --log-file="$work/reload.log" | grep -E "^requests:|^finished" || true
wait "$swapper"
after=$(count reload)
"$python" bench/plugins/plugin_bench.py windows "$work/reload.log" "$(cat "$work/swap.json")" "$before" "$after"
