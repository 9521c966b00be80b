#!/usr/bin/env bash
# What authentication and authorization cost per durable RecordTransaction (issue 17 §6: at most 3% server CPU), side by
# side in one run (bench/ledger/compare_servers.sh): the same build twice, without security
# (Access:DisableAuthentication=true, benchmarks only: no authentication, authorization or rate-limit middleware, no
# field filter; the baseline) and as shipped (a service key checked on every call). Both get the same request bytes,
# authorization header included; rounds alternate between them and count server CPU per committed transaction.
# Usage: bench/ledger/auth_cost.sh [REQUESTS_PER_ROUND] [ROUNDS]   (CLIENTS, STREAMS, WARMUP_SECONDS as compare_servers.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-100000}
rounds=${2:-4}
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
exe=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll
bench/ledger/compare_servers.sh "$requests" "$rounds" \
  -- nokeys "$exe" --Access:DisableAuthentication=true \
  -- keys "$exe"
