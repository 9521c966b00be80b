#!/usr/bin/env bash
# What authentication and authorization cost per durable RecordTransaction (issue 17 §6: at most 3% server CPU), side by
# side in one run (bench/ledger/compare_servers.sh): the same build without security (Access:DisableAuthentication=true,
# benchmarks only: no authentication, authorization or rate-limit middleware, no field filter; the baseline) and as
# shipped (a service key checked on every call). Both get the same request bytes, authorization header included; rounds
# alternate between the servers and count server CPU and managed bytes allocated per committed transaction.
# Two identical processes differ by 5-10% on a shared machine, so every variant runs as PROCESSES (default 2) identical
# processes and is reported as their mean, with their spread.
# Usage: bench/ledger/auth_cost.sh [REQUESTS_PER_ROUND] [ROUNDS]
#   RATE_LIMITS=1 adds a third variant, keys with a per-principal rate and concurrency limit that is never reached
#   (issue 17 §4: what ASP.NET Core's rate limiter costs per call on top of keys).
#   CLIENTS, STREAMS, WARMUP_SECONDS as compare_servers.sh; PROCESSES and ALLOCATIONS (default 1) are passed on.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-100000}
rounds=${2:-4}
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
exe=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll
limits=()
if [ "${RATE_LIMITS:-0}" = 1 ]; then
  limits=(-- keys+limits "$exe" --Access:RateLimits:service:CallsPerSecond=1000000 --Access:RateLimits:service:MaxConcurrentCalls=100000)
fi
PROCESSES=${PROCESSES:-2} ALLOCATIONS=${ALLOCATIONS:-1} bench/ledger/compare_servers.sh "$requests" "$rounds" \
  -- nokeys "$exe" --Access:DisableAuthentication=true \
  -- keys "$exe" \
  "${limits[@]}"
