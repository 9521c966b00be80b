# Sourced by bench/ledger's scripts (from the repository root, with $work set): python stubs for ledger_bench.py, a
# Release build of the server ($exe), and the helpers both scripts measure with.
export LEDGER_PY_OUT=$work/py
mkdir -p "$LEDGER_PY_OUT"
protoc --python_out="$LEDGER_PY_OUT" -Iprotos -I/usr/include ledger/v1/ledger.proto
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
exe=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll

# A process's CPU so far (user + system, clock ticks).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One server of DLL (then SETTINGs as compare_servers.sh: --Section:Key=value, or VAR=value for its environment) with its
# own data folder $work/data and a service key, warmed up for $warmup_seconds; sets key, port and server (its pid) and
# writes the RecordTransaction body to $work/body.bin. Used by the scripts that measure one server (alloc_profile.sh,
# bench/ops/metrics_profile.sh); load() then sends it h2load's RecordTransactions.
start_warm_server() {
  local dll=$1 environment=() settings=() setting
  shift
  key=$(dotnet "$dll" keys create --name bench --role service --data-dir "$work/data" 2>/dev/null | grep '^lgk_' || true)
  if [ -z "$key" ]; then rm -rf "$work/data"; key=none; fi
  export LEDGERGRPC_KEY=$key
  port=$(free_port)
  for setting in "$@"; do
    if [[ $setting == --* ]]; then settings+=("$setting"); else environment+=("$setting"); fi
  done
  env "${environment[@]}" dotnet "$dll" serve --urls "http://127.0.0.1:$port" --data-dir "$work/data" \
    --Logging:LogLevel:Default=Warning "${settings[@]}" >"$work/server.log" 2>&1 &
  server=$!
  "$python" bench/ledger/ledger_bench.py setup "127.0.0.1:$port" "$work/body.bin" >/dev/null
  load -D "$warmup_seconds" >/dev/null
}
load() {
  h2load "$@" -c "${CLIENTS:-8}" -m "${STREAMS:-64}" -d "$work/body.bin" -H 'content-type: application/grpc' \
    -H 'te: trailers' -H "authorization: Bearer $key" "http://127.0.0.1:$port/ledger.v1.CustomerLedger/RecordTransaction"
}
