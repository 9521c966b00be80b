#!/usr/bin/env bash
# What authentication and authorization cost per durable RecordTransaction (issue 17 §6: at most 3% server CPU), side by
# side in one run: two `ledgergrpc serve` processes on the same build, one with keys (a service key checked on every
# call, ASP.NET Core authentication + authorization + the field filter) and one with Access:DisableAuthentication=true
# (benchmarks only: none of that runs). Both are warmed up, then h2load rounds alternate between them; each round counts
# the server's CPU (user+system from /proc) and the transactions the ledger actually committed (transaction_count
# before and after). Both get the same request bytes, authorization header included.
# Usage: bench/ledger/auth_cost.sh [REQUESTS_PER_ROUND] [ROUNDS] [CLIENTS] [STREAMS]   (WARMUP_SECONDS, default 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-100000}
rounds=${2:-3}
clients=${3:-8}
streams=${4:-64}
warmup_seconds=${WARMUP_SECONDS:-20}
python=${LEDGERGRPC_TEST_PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/ledger-auth-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
. bench/lib/ledger_server.sh

# One service key, made with the CLI before the first start of the keyed server; both servers get it in the header.
key=$(dotnet "$exe" keys create --name bench --role service --data-dir "$work/data-keys" | grep '^lgk_')
export LEDGERGRPC_KEY=$key
declare -A port pid customer
start_server() { # $1 = keys|nokeys, then extra configuration
  local mode=$1; shift
  port[$mode]=$(free_port)
  dotnet "$exe" serve --urls "http://127.0.0.1:${port[$mode]}" --data-dir "$work/data-$mode" \
    --Logging:LogLevel:Default=Warning "$@" >"$work/server-$mode.log" 2>&1 &
  pid[$mode]=$!
  pids+=("$!")
  customer[$mode]=$("$python" bench/ledger/ledger_bench.py setup "127.0.0.1:${port[$mode]}" "$work/body-$mode.bin")
}
load() { # $1 = mode, then h2load's amount arguments
  local mode=$1; shift
  h2load "$@" -c "$clients" -m "$streams" -d "$work/body-$mode.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $key" \
    "http://127.0.0.1:${port[$mode]}/ledger.v1.CustomerLedger/RecordTransaction"
}
committed() { "$python" bench/ledger/ledger_bench.py count "127.0.0.1:${port[$1]}" "${customer[$1]}"; }

start_server keys
start_server nokeys --Access:DisableAuthentication=true
grep -q 'SECURITY IS OFF' "$work/server-nokeys.log" || { echo "the nokeys server did not log that security is off" >&2; exit 1; }
for mode in keys nokeys; do
  if [ "$warmup_seconds" -gt 0 ]; then load "$mode" -D "$warmup_seconds" >/dev/null; fi
  load "$mode" -n 2000 >/dev/null
done

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds x $requests requests each, -c $clients -m $streams"
declare -A cpu_sum tx_sum
for ((r = 1; r <= rounds; r++)); do
  for mode in keys nokeys; do
    before=$(committed "$mode"); cpu_before=$(cpu_ticks "${pid[$mode]}"); start=$(date +%s.%N)
    load "$mode" -n "$requests" >"$work/h2load.txt"
    end=$(date +%s.%N); cpu_after=$(cpu_ticks "${pid[$mode]}"); after=$(committed "$mode")
    tx=$((after - before)); cpu=$((cpu_after - cpu_before))
    grep -q " 0 failed, 0 errored" "$work/h2load.txt" || { echo "h2load reported errors:" >&2; cat "$work/h2load.txt" >&2; exit 1; }
    cpu_sum[$mode]=$(( ${cpu_sum[$mode]:-0} + cpu )); tx_sum[$mode]=$(( ${tx_sum[$mode]:-0} + tx ))
    printf 'round %d %-6s committed %7d  %7.0f tx/s  server CPU per tx %6.1f µs  load %s\n' "$r" "$mode" "$tx" \
      "$(echo "$tx / ($end - $start)" | bc -l)" "$(echo "$cpu * 1000000 / $(getconf CLK_TCK) / $tx" | bc -l)" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
with=$(echo "${cpu_sum[keys]} * 1000000 / $(getconf CLK_TCK) / ${tx_sum[keys]}" | bc -l)
without=$(echo "${cpu_sum[nokeys]} * 1000000 / $(getconf CLK_TCK) / ${tx_sum[nokeys]}" | bc -l)
printf 'server CPU per tx: with keys %.2f µs, without %.2f µs: authentication + authorization cost %+.1f%%\n' \
  "$with" "$without" "$(echo "($with - $without) * 100 / $without" | bc -l)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
