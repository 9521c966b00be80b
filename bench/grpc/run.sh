#!/usr/bin/env bash
# gRPC stack load test: h2load against the Greeter on Grpc.AspNetCore and, in the same run and
# process, against the same call framed by hand on bare Kestrel. Rounds alternate between the two
# so machine drift hits both alike. Every response's grpc-status is counted by the server (h2load
# only checks HTTP 200) and a curl probe shows one response's trailers.
#
# Usage: bench/grpc/run.sh [calls per round, default 1000000] [rounds, default 3]
#        WARMUP=300000 (calls per endpoint before measuring; the JIT needs a few hundred thousand)
set -euo pipefail
cd "$(dirname "$0")/../.."

calls=${1:-1000000}
rounds=${2:-3}
warmup=${WARMUP:-300000}
load=(-c 16 -m 100 -t 1)

dotnet build bench/LedgerGrpc.Bench.Grpc -c Release -nologo -v q >/dev/null
work=$(mktemp -d)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# One framed HelloRequest { name: "world" }.
printf '\x00\x00\x00\x00\x07\x0a\x05world' >"$work/body.bin"

dotnet bench/LedgerGrpc.Bench.Grpc/bin/Release/net10.0/LedgerGrpc.Bench.Grpc.dll serve 0 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  grep -q "listening on" "$work/server.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done
base=$(grep -o 'http://[0-9.:]*' "$work/server.log" | head -1)
grpc_url="$base/bench.v1.Greeter/SayHello"
bare_url="$base/bare.v1.Greeter/SayHello"
echo "server pid $pid at $base"

echo "--- probe (one Grpc.AspNetCore call, headers and trailers):"
curl -s --http2-prior-knowledge -D - -o "$work/reply.bin" --data-binary @"$work/body.bin" \
  -H 'content-type: application/grpc' -H 'te: trailers' "$grpc_url" | tr -d '\r' | grep -Ei '^(HTTP|content-type|grpc-)'
echo "reply bytes: $(od -An -c "$work/reply.bin" | tr -s ' ')"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
tick_hz=$(getconf CLK_TCK)

run() { # url calls -> "req/s server-cpu-us-per-call"
  local out before after
  before=$(cpu_ticks)
  out=$(h2load "${load[@]}" -n "$2" -d "$work/body.bin" -H 'content-type: application/grpc' -H 'te: trailers' "$1")
  if ! grep -q "$2 succeeded, 0 failed, 0 errored" <<<"$out"; then
    echo "h2load reported failures:" >&2; grep -E '^requests|^status codes' <<<"$out" >&2; exit 1
  fi
  after=$(cpu_ticks)
  awk -v cpu="$((after - before))" -v hz="$tick_hz" -v n="$2" '/^finished in/ { gsub(",", "", $4); printf "%s %.2f\n", $4, cpu / hz * 1e6 / n }' <<<"$out"
}

echo "--- warm-up: $warmup calls each"
run "$grpc_url" "$warmup" >/dev/null
run "$bare_url" "$warmup" >/dev/null

# Wall-clock calls/s swing with the other load on this shared machine; the server's CPU time per
# call (user + system, from /proc) is the steadier comparison.
grpc=(); bare=(); grpc_cpu=(); bare_cpu=()
for r in $(seq 1 "$rounds"); do
  read -r w wc <<<"$(run "$grpc_url" "$calls")"
  read -r b bc_ <<<"$(run "$bare_url" "$calls")"
  grpc+=("$w"); bare+=("$b"); grpc_cpu+=("$wc"); bare_cpu+=("$bc_")
  printf 'round %d: grpc %.0f calls/s (%s us CPU/call), bare %.0f calls/s (%s us CPU/call), ratio %.3f (CPU %.3f)\n' \
    "$r" "$w" "$wc" "$b" "$bc_" "$(echo "$w / $b" | bc -l)" "$(echo "$bc_ / $wc" | bc -l)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wm=$(median "${grpc[@]}"); bm=$(median "${bare[@]}")
wcm=$(median "${grpc_cpu[@]}"); bcm=$(median "${bare_cpu[@]}")
rss_kib=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
stats=$(curl -s --http2-prior-knowledge "$base/stats")

echo "--- result (h2load ${load[*]}, $rounds rounds of $calls calls each, medians)"
printf 'Grpc.AspNetCore:  %.0f calls/s, %s us server CPU per call\nBare Kestrel:     %.0f calls/s, %s us server CPU per call\n' "$wm" "$wcm" "$bm" "$bcm"
printf 'Ratio grpc/bare: %.3f by calls/s, %.3f by server CPU per call (bare/grpc)\n' "$(echo "$wm / $bm" | bc -l)" "$(echo "$bcm / $wcm" | bc -l)"
echo "Peak RSS (server process, both endpoints): $((rss_kib / 1024)) MiB"
echo "grpc-status counted by the server:"
echo "$stats"
if grep -q 'failed=[1-9]' <<<"$stats"; then
  echo "some responses did not carry grpc-status 0" >&2
  exit 1
fi
