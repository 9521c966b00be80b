#!/usr/bin/env bash
# What metrics cost per durable RecordTransaction (issue 14 §5: at most 3% server CPU), side by side in one run through
# bench/ledger/compare_servers.sh: the same build with metrics off (the baseline), on as an operator runs them (a
# Prometheus scrape endpoint on its own port; nothing scrapes it during the rounds), and off again: an identical
# control, whose distance from the baseline is what this machine's noise alone does in the same run. Every server
# gets an API key. PROCESSES (as compare_servers.sh) runs several processes of each.
# Usage: bench/ops/metrics_cost.sh [REQUESTS_PER_ROUND=100000] [ROUNDS=6]   (CLIENTS, STREAMS, WARMUP_SECONDS as
# compare_servers.sh; BIN=a folder holding a built ledgergrpc.dll skips the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-100000}
rounds=${2:-6}
if [ -z "${BIN:-}" ]; then
  dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
  BIN=server/LedgerGrpc.Server/bin/Release/net10.0
fi
bench/ledger/compare_servers.sh "$requests" "$rounds" \
  -- metrics-off "$BIN/ledgergrpc.dll" --Operations:Metrics=false \
  -- metrics-on "$BIN/ledgergrpc.dll" --Operations:MetricsUrls=http://127.0.0.1:0 \
  -- metrics-off-again "$BIN/ledgergrpc.dll" --Operations:Metrics=false
