#!/usr/bin/env bash
# Durable RecordTransaction, side by side in one run: two or more `ledgergrpc serve` variants (a build and its
# command-line settings each) are started at once, warmed up, then h2load rounds alternate between them. Each round
# counts the server's CPU (user+system from /proc) and the transactions the ledger actually committed
# (transaction_count before and after), so the figures compare CPU per transaction on a shared machine.
# Each variant gets a service key made by its own build's CLI before its first start (a build without API keys, such
# as one from before the Security issue, gets none and ignores the header).
#
# Usage: bench/ledger/compare_servers.sh REQUESTS_PER_ROUND ROUNDS -- NAME DLL [SETTING...] -- NAME DLL [SETTING...] ...
#   e.g. ... 100000 3 -- keys "$exe" -- nokeys "$exe" --Access:DisableAuthentication=true
# A SETTING is a command-line setting (--Section:Key=value) or an environment variable for that server (VAR=value,
# e.g. DOTNET_gcServer=1 to compare garbage collectors).
# CLIENTS and STREAMS (h2load -c/-m, default 8 and 64) and WARMUP_SECONDS (default 20) come from the environment.
# PROCESSES (default 1) starts that many identical processes of every variant (NAME.1, NAME.2, ...): on a shared
# machine two identical processes differ by 5-10% in CPU per transaction, so a difference between variants means
# something only when it is larger than the spread between processes of one variant, which the summary reports.
# ALLOCATIONS=1 also reports the managed bytes each server allocated per committed transaction: every server then serves
# its Prometheus endpoint on a loopback port (--Operations:MetricsUrls; metrics must be on) and each round reads the
# runtime's dotnet_gc_heap_total_allocated_bytes_total before and after.
# The first variant is the baseline the summary compares the others with: by the sums over all rounds, and by the
# median of the per-round ratios ("paired rounds"), which a drifting machine moves least.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=$1
rounds=$2
shift 2
[ "${1:-}" = "--" ] || { echo "usage: $0 REQUESTS ROUNDS -- NAME DLL [SETTING...] -- NAME DLL [SETTING...]" >&2; exit 2; }
clients=${CLIENTS:-8}
streams=${STREAMS:-64}
warmup_seconds=${WARMUP_SECONDS:-20}
python=${LEDGERGRPC_TEST_PYTHON:-/usr/bin/python3}
work=${COMPARE_WORK:-$(mktemp -d /tmp/ledger-compare.XXXXXX)}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
. bench/lib/ledger_server.sh

processes=${PROCESSES:-1}
names=()
variants=()
declare -A members
declare -A port pid customer key metrics_port
allocations=${ALLOCATIONS:-0}
start_server() { # $1 = name, $2 = dll, then settings
  local name=$1 dll=$2; shift 2
  names+=("$name")
  key[$name]=$(dotnet "$dll" keys create --name bench --role service --data-dir "$work/data-$name" 2>/dev/null | grep '^lgk_' || true)
  if [ -z "${key[$name]}" ]; then rm -rf "$work/data-$name"; key[$name]=none; fi
  export LEDGERGRPC_KEY=${key[$name]}
  port[$name]=$(free_port)
  # A setting VAR=VALUE (no leading --) goes to the server's environment, e.g. DOTNET_gcServer=1.
  local environment=() settings=()
  for setting in "$@"; do
    if [[ $setting == --* ]]; then settings+=("$setting"); else environment+=("$setting"); fi
  done
  if [ "$allocations" = 1 ]; then
    metrics_port[$name]=$(free_port)
    settings+=("--Operations:MetricsUrls=http://127.0.0.1:${metrics_port[$name]}")
  fi
  env "${environment[@]}" dotnet "$dll" serve --urls "http://127.0.0.1:${port[$name]}" --data-dir "$work/data-$name" \
    --Logging:LogLevel:Default=Warning "${settings[@]}" >"$work/server-$name.log" 2>&1 &
  pid[$name]=$!
  pids+=("$!")
  customer[$name]=$("$python" bench/ledger/ledger_bench.py setup "127.0.0.1:${port[$name]}" "$work/body-$name.bin")
}
load() { # $1 = name, then h2load's amount arguments
  local name=$1; shift
  h2load "$@" -c "$clients" -m "$streams" -d "$work/body-$name.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer ${key[$name]}" \
    "http://127.0.0.1:${port[$name]}/ledger.v1.CustomerLedger/RecordTransaction"
}
# Managed bytes the server has allocated so far (the runtime's counter, read through its Prometheus endpoint).
allocated() { curl -s "http://127.0.0.1:${metrics_port[$1]}/metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes_total/ {printf "%d", $NF}'; }
committed() { LEDGERGRPC_KEY=${key[$1]} "$python" bench/ledger/ledger_bench.py count "127.0.0.1:${port[$1]}" "${customer[$1]}"; }

# Variants: "-- NAME DLL SETTING..." groups.
declare -A spec_of
while [ $# -gt 0 ]; do
  shift # the "--"
  spec=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do spec+=("$1"); shift; done
  [ ${#spec[@]} -ge 2 ] || { echo "each variant needs a NAME and a DLL" >&2; exit 2; }
  variants+=("${spec[0]}")
  spec_of[${spec[0]}]=$(printf '%q ' "${spec[@]:1}")
done
# Processes of different variants interleaved (a.1 b.1 a.2 b.2 ...), in starting, warming up and in every round: a
# process's place in the start-up (JIT and the machine busiest while all start) then favours no variant.
for ((p = 1; p <= processes; p++)); do
  for variant in "${variants[@]}"; do
    eval "spec=(${spec_of[$variant]})"
    if [ "$processes" -eq 1 ]; then
      start_server "$variant" "${spec[@]}"; members[$variant]=$variant
    else
      start_server "$variant.$p" "${spec[@]}"; members[$variant]+=" $variant.$p"
    fi
  done
done

for name in "${names[@]}"; do
  if [ "$warmup_seconds" -gt 0 ]; then load "$name" -D "$warmup_seconds" >/dev/null; fi
  load "$name" -n 2000 >/dev/null
done

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds x $requests requests each, -c $clients -m $streams"
declare -A cpu_sum tx_sum alloc_sum round_cpu round_tx variant_of
for variant in "${variants[@]}"; do for member in ${members[$variant]}; do variant_of[$member]=$variant; done; done
for ((r = 1; r <= rounds; r++)); do
  # Each round starts one server later than the last, so no variant always runs first (or last) in its round.
  order=("${names[@]:$(( (r - 1) % ${#names[@]} ))}" "${names[@]:0:$(( (r - 1) % ${#names[@]} ))}")
  for name in "${order[@]}"; do
    before=$(committed "$name"); alloc_before=0; [ "$allocations" = 1 ] && alloc_before=$(allocated "$name")
    cpu_before=$(cpu_ticks "${pid[$name]}"); start=$(date +%s.%N)
    load "$name" -n "$requests" >"$work/h2load.txt"
    end=$(date +%s.%N); cpu_after=$(cpu_ticks "${pid[$name]}"); after=$(committed "$name")
    alloc=0; [ "$allocations" = 1 ] && alloc=$(( $(allocated "$name") - alloc_before ))
    alloc_sum[$name]=$(( ${alloc_sum[$name]:-0} + alloc ))
    tx=$((after - before)); cpu=$((cpu_after - cpu_before))
    grep -q " 0 failed, 0 errored" "$work/h2load.txt" || { echo "h2load reported errors for $name:" >&2; cat "$work/h2load.txt" >&2; exit 1; }
    [ "$tx" -eq "$requests" ] || { echo "$name committed $tx of $requests requests (a refused call counts as an HTTP success in h2load)" >&2; exit 1; }
    cpu_sum[$name]=$(( ${cpu_sum[$name]:-0} + cpu )); tx_sum[$name]=$(( ${tx_sum[$name]:-0} + tx ))
    round_cpu[$r,${variant_of[$name]}]=$(( ${round_cpu[$r,${variant_of[$name]}]:-0} + cpu ))
    round_tx[$r,${variant_of[$name]}]=$(( ${round_tx[$r,${variant_of[$name]}]:-0} + tx ))
    printf 'round %d %-10s committed %7d  %7.0f tx/s  server CPU per tx %6.1f µs%s  load %s\n' "$r" "$name" "$tx" \
      "$(echo "$tx / ($end - $start)" | bc -l)" "$(echo "$cpu * 1000000 / $(getconf CLK_TCK) / $tx" | bc -l)" \
      "$([ "$allocations" = 1 ] && printf '  allocated per tx %6.0f B' "$(echo "$alloc / $tx" | bc -l)")" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

per_tx() { echo "${cpu_sum[$1]} * 1000000 / $(getconf CLK_TCK) / ${tx_sum[$1]}" | bc -l; }
# A variant's figure is the mean of its processes' CPU per transaction; with PROCESSES > 1 the spread between its
# processes (highest over lowest) is printed next to it.
variant_per_tx() {
  local sum=0 low= high= n=0 v
  for member in ${members[$1]}; do
    v=$(per_tx "$member"); sum=$(echo "$sum + $v" | bc -l); n=$((n + 1))
    if [ -z "$low" ] || [ "$(echo "$v < $low" | bc -l)" = 1 ]; then low=$v; fi
    if [ -z "$high" ] || [ "$(echo "$v > $high" | bc -l)" = 1 ]; then high=$v; fi
  done
  echo "$(echo "$sum / $n" | bc -l) $(echo "($high - $low) * 100 / $low" | bc -l)"
}
if [ "$processes" -gt 1 ]; then
  for name in "${names[@]}"; do printf 'server CPU per tx: process %s %.2f µs\n' "$name" "$(per_tx "$name")"; done
fi
baseline=${variants[0]}
read -r base base_spread <<<"$(variant_per_tx "$baseline")"
spread_note() { [ "$processes" -gt 1 ] && printf '; its %d processes differ by %.1f%%' "$processes" "$1"; }
printf 'server CPU per tx: %s %.2f µs (baseline%s)\n' "$baseline" "$base" "$(spread_note "$base_spread")"
for name in "${variants[@]:1}"; do
  read -r this spread <<<"$(variant_per_tx "$name")"
  printf 'server CPU per tx: %s %.2f µs (%+.1f%% vs %s%s)\n' "$name" "$this" "$(echo "($this - $base) * 100 / $base" | bc -l)" \
    "$baseline" "$(spread_note "$spread")"
done
# Paired rounds: the machine's load drifts within seconds, and every variant's processes run once in each round, a
# few seconds apart, so the ratio of a variant to the baseline within one round cancels most of that drift. The
# median of those ratios over the rounds (with the lowest and highest) is the figure least moved by a noisy round.
for name in "${variants[@]:1}"; do
  ratios=$(for ((r = 1; r <= rounds; r++)); do
    echo "(${round_cpu[$r,$name]} / ${round_tx[$r,$name]}) / (${round_cpu[$r,$baseline]} / ${round_tx[$r,$baseline]})" | bc -l
  done | sort -g)
  printf 'paired rounds: %s %+.1f%% vs %s (median of %d rounds; lowest %+.1f%%, highest %+.1f%%)\n' "$name" \
    "$(echo "($(echo "$ratios" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}') - 1) * 100" | bc -l)" \
    "$baseline" "$rounds" "$(echo "($(echo "$ratios" | head -1) - 1) * 100" | bc -l)" "$(echo "($(echo "$ratios" | tail -1) - 1) * 100" | bc -l)"
done
if [ "$allocations" = 1 ]; then
  for name in "${variants[@]}"; do
    bytes=0 txs=0
    for member in ${members[$name]}; do bytes=$((bytes + alloc_sum[$member])); txs=$((txs + tx_sum[$member])); done
    printf 'allocated per tx: %s %.0f B\n' "$name" "$(echo "$bytes / $txs" | bc -l)"
  done
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
