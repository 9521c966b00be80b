#!/usr/bin/env bash
# Bytes allocated per durable RecordTransaction, by type (and the call stacks allocating one type), from an EventPipe
# trace of a real server under h2load. Allocations are the deterministic part of CPU per transaction: they do not
# swing with the machine's load the way CPU time does, and what survives a gen0 collection (requests waiting for
# the group commit) is what makes gen1 collections expensive.
#
# Usage: bench/ledger/alloc_profile.sh REQUESTS DLL [SETTING...]
#   e.g. bench/ledger/alloc_profile.sh 50000 "$exe" --Access:DisableAuthentication=true --Operations:Metrics=false
# SETTINGs as compare_servers.sh (--Section:Key=value, or VAR=value for the environment). TOP (default 30) types are
# listed; STACKS_OF=part-of-a-type-name adds the stacks that allocate it. WARMUP_SECONDS (default 20).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/one_server.sh
trace_tool=${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}
[ -x "$trace_tool" ] || dotnet tool install -g dotnet-trace >/dev/null
dotnet build bench/LedgerGrpc.Bench.Allocations -c Release -v q -nologo >/dev/null

start_warm_server "$dll" "$@"

# GC keyword (0x1) at verbose level: the AllocationTick events, with stacks; the rundown at the end names methods.
"$trace_tool" collect -p "$server" --providers Microsoft-Windows-DotNETRuntime:0x1:5 -o "$work/alloc.nettrace" >"$work/trace.log" 2>&1 &
tracer=$!
until grep -q "Process" "$work/trace.log" 2>/dev/null || ! kill -0 "$tracer" 2>/dev/null; do sleep 0.2; done
load -n "$requests" | grep -E "^finished in|^requests:"
kill -TERM "$tracer"
wait "$tracer" || true
dotnet bench/LedgerGrpc.Bench.Allocations/bin/Release/net10.0/LedgerGrpc.Bench.Allocations.dll "$work/alloc.nettrace" \
  "$requests" "${TOP:-30}" ${STACKS_OF:+"$STACKS_OF"}
