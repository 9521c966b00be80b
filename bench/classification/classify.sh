#!/usr/bin/env bash
# Classify over gRPC against a plain Grpc.AspNetCore greeter (bench/LedgerGrpc.Bench.Grpc, its own process) in the
# same run: calls/s and server CPU time per call (user+system from /proc, the steadier figure on a shared machine)
# for each server build given, h2load rounds alternating between every endpoint so load drift hits all alike.
#
# Usage: bench/classification/classify.sh [customers, default 20000] [calls per round, default 200000]
#          [rounds, default 3] [label=path/to/ledgergrpc.dll ...]
#        Without builds: after=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll (built here).
#        WARMUP=200000 calls per endpoint before measuring (tiered JIT needs a few hundred thousand).
set -euo pipefail
cd "$(dirname "$0")/../.."

customers=${1:-20000}
calls=${2:-200000}
rounds=${3:-3}
shift $(($# < 3 ? $# : 3))
builds=("$@")
warmup=${WARMUP:-200000}
load=(-c 16 -m 100 -t 1)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if [ ${#builds[@]} -eq 0 ]; then
  dotnet build server/LedgerGrpc.Server -c Release -nologo -v q >/dev/null
  builds=("after=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll")
fi
dotnet build bench/LedgerGrpc.Bench.Grpc -c Release -nologo -v q >/dev/null

source bench/classification/wait_for.sh
source bench/lib/api_key.sh

# ClassifyRequest { customer_id: 1 } and HelloRequest { name: "world" }, length-prefixed.
printf '\x00\x00\x00\x00\x02\x08\x01' >"$work/classify.bin"
printf '\x00\x00\x00\x00\x07\x0a\x05world' >"$work/hello.bin"

labels=(); urls=(); bodies=(); procs=(); keys=()
for build in "${builds[@]}"; do
  label=${build%%=*}; dll=${build#*=}
  dotnet "$dll" seed --customers "$customers" --data-dir "$work/data-$label" >/dev/null
  dotnet "$dll" serve --urls http://127.0.0.1:0 --data-dir "$work/data-$label" --Classification:SweepInterval=00:00:00 \
    >"$work/server-$label.log" 2>&1 &
  pids+=("$!"); procs+=("$!")
  base=$(wait_for "$work/server-$label.log")
  key=$(admin_key "$work/data-$label"); mapfile -t auth < <(auth_header "$key")
  # Classification loads in the background once the server listens: UNAVAILABLE (14) until it has, for up to ten minutes.
  for _ in $(seq 1 6000); do
    status=$(curl -s --http2-prior-knowledge -D - -o /dev/null --data-binary @"$work/classify.bin" \
      -H 'content-type: application/grpc' -H 'te: trailers' "${auth[@]}" "$base/ledger.v1.Segments/Classify" | tr -d '\r' | grep -i '^grpc-status')
    [ "$status" = "grpc-status: 14" ] || break
    sleep 0.1
  done
  [ "$status" = "grpc-status: 0" ] || { echo "$label: Classify answered '$status'" >&2; exit 1; }
  labels+=("Classify $label"); urls+=("$base/ledger.v1.Segments/Classify"); bodies+=("$work/classify.bin"); keys+=("$key")
done
dotnet bench/LedgerGrpc.Bench.Grpc/bin/Release/net10.0/LedgerGrpc.Bench.Grpc.dll serve 0 >"$work/greeter.log" 2>&1 &
pids+=("$!"); procs+=("$!")
labels+=("greeter"); urls+=("$(wait_for "$work/greeter.log")/bench.v1.Greeter/SayHello"); bodies+=("$work/hello.bin"); keys+=("")

tick_hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
run() { # index calls -> "calls/s cpu-us-per-call"
  local out before after
  before=$(cpu_ticks "${procs[$1]}")
  mapfile -t auth < <(auth_header "${keys[$1]}")
  out=$(h2load "${load[@]}" -n "$2" -d "${bodies[$1]}" -H 'content-type: application/grpc' -H 'te: trailers' "${auth[@]}" "${urls[$1]}")
  grep -q "$2 succeeded, 0 failed, 0 errored" <<<"$out" || { grep -E '^requests|^status' <<<"$out" >&2; exit 1; }
  after=$(cpu_ticks "${procs[$1]}")
  awk -v cpu="$((after - before))" -v hz="$tick_hz" -v n="$2" '/^finished in/ { gsub(",", "", $4); printf "%.0f %.2f\n", $4, cpu / hz * 1e6 / n }' <<<"$out"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!urls[@]}"; do run "$i" "$warmup" >/dev/null; done
declare -A rate_of cpu_of
for r in $(seq 1 "$rounds"); do
  line="round $r:"
  for i in "${!urls[@]}"; do
    read -r rate cpu <<<"$(run "$i" "$calls")"
    rate_of[$i]+="$rate "; cpu_of[$i]+="$cpu "
    line+=" ${labels[$i]} $rate calls/s ($cpu us CPU/call);"
  done
  echo "$line"
done
median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "--- medians (h2load ${load[*]}, $rounds rounds of $calls calls, $customers customers); load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
last=$((${#urls[@]} - 1))
for i in "${!urls[@]}"; do
  printf '%-20s %8.0f calls/s %7.2f us CPU/call   vs greeter: %.2f by calls/s, %.2f by CPU/call\n' "${labels[$i]}" \
    "$(median "${rate_of[$i]}")" "$(median "${cpu_of[$i]}")" \
    "$(echo "$(median "${rate_of[$i]}") / $(median "${rate_of[$last]}")" | bc -l)" \
    "$(echo "$(median "${cpu_of[$last]}") / $(median "${cpu_of[$i]}")" | bc -l)"
done
