#!/usr/bin/env bash
# Durable RecordTransaction throughput over gRPC: h2load (many concurrent streams, one pre-encoded
# request body) against `ledgergrpc serve`, once with group commit (default) and once with
# Ledger:GroupCommit=false (each call its own transaction and fsync), in the same run.
# Throughput counts what the ledger actually committed (the customer's transaction_count before
# and after), not just HTTP responses. Usage: bench/ledger/run.sh [REQUESTS] [CLIENTS] [STREAMS]
# Each mode first runs WARMUP_SECONDS (default 20) of the same load, not counted: the runtime keeps
# re-compiling hot code (tiered JIT with PGO instrumentation) for ~10-20 s of full load on 2 busy cores,
# and a measurement that includes it reports that compiling (up to 60% of the CPU), not the steady state.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200000}
clients=${2:-8}
streams=${3:-64}
warmup_seconds=${WARMUP_SECONDS:-20}
python=${LEDGERGRPC_TEST_PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/ledger-bench.XXXXXX)
server_pid=
# Whatever happens (a setup that fails, h2load missing, Ctrl-C), the server started last is stopped and the work folder
# removed: a server left running would keep the port, the CPU and the bench lock inherited through its descriptors.
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
. bench/lib/ledger_server.sh

run_mode() { # $1 = true|false (group commit), $2 = requests
  local mode=$1 n=$2 port pid
  port=$(free_port)
  rm -rf "$work/data-$mode"
  # Every call needs an API key: a service key made before the first start (so no admin.key is written).
  key=$(dotnet "$exe" keys create --name bench --role service --data-dir "$work/data-$mode" | grep '^lgk_')
  export LEDGERGRPC_KEY=$key
  dotnet "$exe" serve --urls "http://127.0.0.1:$port" --data-dir "$work/data-$mode" \
    --Ledger:GroupCommit="$mode" --Logging:LogLevel:Default=Warning >"$work/server-$mode.log" 2>&1 &
  pid=$!
  server_pid=$pid
  local id before after start end
  id=$("$python" bench/ledger/ledger_bench.py setup "127.0.0.1:$port" "$work/body.bin")
  # Warm-up (JIT tiering, connection setup), not counted: timed, then a counted tail that waits for
  # everything the timed part left in flight, so the "before" count below includes all of it.
  if [ "$warmup_seconds" -gt 0 ]; then
    h2load -D "$warmup_seconds" -c "$clients" -m "$streams" -d "$work/body.bin" \
      -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $key" \
      "http://127.0.0.1:$port/ledger.v1.CustomerLedger/RecordTransaction" >/dev/null
  fi
  h2load -n 2000 -c "$clients" -m "$streams" -d "$work/body.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $key" \
    "http://127.0.0.1:$port/ledger.v1.CustomerLedger/RecordTransaction" >/dev/null
  before=$("$python" bench/ledger/ledger_bench.py count "127.0.0.1:$port" "$id")
  cpu_before=$(cpu_ticks "$pid")
  start=$(date +%s.%N)
  h2load -n "$n" -c "$clients" -m "$streams" -d "$work/body.bin" --log-file="$work/h2load-$mode.log" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $key" \
    "http://127.0.0.1:$port/ledger.v1.CustomerLedger/RecordTransaction" >"$work/h2load-$mode.txt"
  end=$(date +%s.%N)
  cpu_after=$(cpu_ticks "$pid")
  after=$("$python" bench/ledger/ledger_bench.py count "127.0.0.1:$port" "$id")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  server_pid=
  echo -n "group_commit=$mode "
  "$python" bench/ledger/ledger_bench.py stats "$work/h2load-$mode.log" "$((after - before))" \
    "$(echo "$end - $start" | bc)"
  # Server CPU (user+system) per committed transaction: steadier than tx/s when other work shares the cores.
  echo "  server CPU per tx: $(echo "scale=1; ($cpu_after - $cpu_before) * 1000000 / $(getconf CLK_TCK) / ($after - $before)" | bc) µs"
}

run_mode true "$requests"
# The baseline is ~an fsync per call; a tenth of the requests keeps the run short.
run_mode false "$((requests / 10))"
