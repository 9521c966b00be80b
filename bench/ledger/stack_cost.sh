#!/usr/bin/env bash
# What the move onto Grpc.AspNetCore costs per durable RecordTransaction (issue 12 §4: at most 5% server CPU), side by
# side in one run: the last build on the hand-written Wire layer (commit 3cc3ffa, built here in a temporary worktree)
# against this checkout with the features later issues added and measure on their own switched off:
# authentication (Access:DisableAuthentication, issue 17's own figure: bench/ledger/auth_cost.sh) and metrics
# (Operations:Metrics=false, issue 14's own figure). A third variant is this checkout as shipped (keys, metrics).
# Usage: bench/ledger/stack_cost.sh [REQUESTS_PER_ROUND] [ROUNDS]   (CLIENTS, STREAMS, WARMUP_SECONDS, PROCESSES as
# compare_servers.sh; PROCESSES=3 or more gives a figure the process-to-process spread does not swamp)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-100000}
rounds=${2:-4}
baseline_commit=${WIRE_COMMIT:-3cc3ffa}
base=$(mktemp -d /tmp/ledger-wire-base.XXXXXX)
cleanup() { git worktree remove --force "$base" >/dev/null 2>&1 || rm -rf "$base"; }
trap cleanup EXIT
git worktree add --detach "$base" "$baseline_commit" >/dev/null
dotnet build "$base/server/LedgerGrpc.Server" -c Release -v q -nologo >/dev/null
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
exe=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll
bench/ledger/compare_servers.sh "$requests" "$rounds" \
  -- wire "$base/server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll" \
  -- aspnetcore "$exe" --Access:DisableAuthentication=true --Operations:Metrics=false \
  -- shipped "$exe"
