#!/usr/bin/env bash
# Where metrics' share of a RecordTransaction goes: a `perf record -g` CPU profile of one server under h2load, and the
# share of its samples whose stack passes through each part of the metrics path (ASP.NET Core's hosting metrics,
# Kestrel's, System.Diagnostics.Metrics, OpenTelemetry's aggregation and exemplars, the ledger's own meters). A share
# of samples does not swing with the machine's load the way CPU per transaction does, so it says which instrument
# costs what even on a shared machine; metrics_cost.sh gives the total, side by side with metrics off.
#
# Usage: bench/ops/metrics_profile.sh REQUESTS DLL [SETTING...]
#   e.g. bench/ops/metrics_profile.sh 60000 server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll
# SETTINGs as compare_servers.sh (--Section:Key=value, or VAR=value for the environment). WARMUP_SECONDS (default 20),
# FREQUENCY (perf's sampling rate, default 499 Hz). Needs perf (linux-perf); the runtime writes /tmp/perf-PID.map
# (the server runs with W^X off, DOTNET_EnableWriteXorExecute=0, so perf can name JIT-compiled frames).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/one_server.sh

# W^X off: with it on, JIT-compiled code runs from a double mapping perf cannot match to the perf map.
start_warm_server "$dll" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 "$@"

perf record -F "${FREQUENCY:-499}" -g -p "$server" -o "$work/perf.data" >/dev/null 2>&1 &
recorder=$!
sleep 1 # perf attaches
load -n "$requests" | grep -E "^finished in|^requests:"
kill -INT "$recorder"
wait "$recorder" || true
perf script -i "$work/perf.data" --no-inline -F comm,tid,ip,sym 2>/dev/null | "$python" bench/ops/metrics_profile.py
