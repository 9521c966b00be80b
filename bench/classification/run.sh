#!/usr/bin/env bash
# Classification figures on a seeded ledger: start-up classification of everyone, PreviewWorkflow and a publish's
# background re-classification (value_tier), Classify over gRPC with h2load against a plain Grpc.AspNetCore greeter
# measured in the same run (bench/LedgerGrpc.Bench.Grpc's Greeter), and the server's peak and final RSS.
#
# Usage: bench/classification/run.sh [customers, default 200000] [calls per h2load round, default 300000]
set -euo pipefail
cd "$(dirname "$0")/../.."

customers=${1:-200000}
calls=${2:-300000}
load=(-c 16 -m 100 -t 1)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish server/LedgerGrpc.Server -c Release -o "$work/server" -nologo -v q >/dev/null
dotnet build bench/LedgerGrpc.Bench.Grpc -c Release -nologo -v q >/dev/null

echo "--- seeding $customers customers"
/usr/bin/time -f "seed: %e s, peak RSS %M KiB" "$work/server/ledgergrpc" seed --customers "$customers" --data-dir "$work/data" | tail -1

source bench/classification/wait_for.sh
source bench/lib/api_key.sh

started=$(date +%s.%N)
"$work/server/ledgergrpc" serve --urls http://127.0.0.1:0 --data-dir "$work/data" --Classification:SweepInterval=00:00:00 >"$work/server.log" 2>&1 &
server=$!; pids+=("$server")
base=$(wait_for "$work/server.log")
export LEDGERGRPC_KEY; LEDGERGRPC_KEY=$(admin_key "$work/data"); mapfile -t auth < <(auth_header "$LEDGERGRPC_KEY")
echo "start-up (load ledger, classify everyone in 9 dimensions, store it): $(echo "$(date +%s.%N) - $started" | bc) s"

dotnet bench/LedgerGrpc.Bench.Grpc/bin/Release/net10.0/LedgerGrpc.Bench.Grpc.dll serve 0 >"$work/echo.log" 2>&1 &
pids+=("$!")
echo_base=$(wait_for "$work/echo.log")

modules="$work/py"; mkdir -p "$modules"
protoc -I protos -I /usr/include --python_out="$modules" protos/ledger/v1/ledger.proto protos/ledger/v1/segments.proto protos/ledger/v1/rules.proto
echo "--- preview and publish (value_tier), Python grpcio client"
PYTHONPATH="$modules" /usr/bin/python3 bench/classification/publish_timing.py "${base#http://}"

# ClassifyRequest { customer_id: 1 } and HelloRequest { name: "world" }, length-prefixed.
printf '\x00\x00\x00\x00\x02\x08\x01' >"$work/classify.bin"
printf '\x00\x00\x00\x00\x07\x0a\x05world' >"$work/hello.bin"
rate() { # url body -> calls/s, failing on any non-200
  local out
  out=$(h2load "${load[@]}" -n "$calls" -d "$2" -H 'content-type: application/grpc' -H 'te: trailers' "${auth[@]}" "$1")
  grep -q "$calls succeeded, 0 failed, 0 errored" <<<"$out" || { grep -E '^requests|^status' <<<"$out" >&2; exit 1; }
  awk '/^finished in/ { gsub(",", "", $4); print $4 }' <<<"$out"
}
echo "--- status of one Classify response:"
curl -s --http2-prior-knowledge -D - -o /dev/null --data-binary @"$work/classify.bin" -H 'content-type: application/grpc' -H 'te: trailers' "${auth[@]}" \
  "$base/ledger.v1.Segments/Classify" | tr -d '\r' | grep -Ei '^grpc-status'
echo "--- warm-up"
rate "$base/ledger.v1.Segments/Classify" "$work/classify.bin" >/dev/null
rate "$echo_base/bench.v1.Greeter/SayHello" "$work/hello.bin" >/dev/null
for round in 1 2 3; do
  c=$(rate "$base/ledger.v1.Segments/Classify" "$work/classify.bin")
  e=$(rate "$echo_base/bench.v1.Greeter/SayHello" "$work/hello.bin")
  echo "round $round: Classify $c calls/s, greeter $e calls/s, ratio $(echo "scale=2; $c / $e" | bc)"
done
grep -A1 "Re-classification" "$work/server.log" | grep -o "finished:.*" || true
echo "server peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/$server/status")"
# Steady state: what the server holds once start-up, the publish and the Classify rounds are over (the peak above is
# reached during the first start).
echo "server RSS now: $(awk '/VmRSS/ { print $2, $3 }' "/proc/$server/status")"
