#!/bin/bash
# measure.sh BIN DATADIR LABEL STOP(term|kill) [extra `serve` arguments...]
# Starts `ledgergrpc serve`, reports seconds from process start to: listening (ledger served), classification serving
# (Segments SERVING), start-up sweep done; RSS then, split into anonymous memory (managed heap, native heap: SQLite,
# runtime) and file-backed pages (mapped assemblies and libraries), with the managed heap and GC-committed figures the
# server logs; then stops it with SIGTERM or SIGKILL. Environment variables (e.g. DOTNET_gcServer=0) pass through.
# BIN is a folder holding ledgergrpc.dll, or `publish`: the server as production runs it, published by the README's
# command (ReadyToRun) into ${TMPDIR:-/tmp}/ledgergrpc-published from this checkout (incremental after the first time).
# A plain `dotnet build` output (server/LedgerGrpc.Server/bin/Release/net10.0) JIT-compiles everything at start and
# takes about twice the CPU to listen; the line printed says which kind was measured.
BIN=$1; D=$2; LABEL=$3; STOP=$4; shift 4; LOG=${TMPDIR:-/tmp}/measure-$LABEL.log
if [ "$BIN" = publish ]; then
  BIN=${TMPDIR:-/tmp}/ledgergrpc-published
  (cd "$(dirname "$0")/../.." && dotnet publish server/LedgerGrpc.Server -c Release -o "$BIN" > "$BIN.log" 2>&1) || { echo "publish failed: $BIN.log"; exit 1; }
fi
if grep -q '"name": ".NETCoreApp,Version=v[0-9.]*/' $BIN/ledgergrpc.deps.json; then KIND="published"; else KIND="plain build"; fi
start=$(date +%s.%N)
env "Logging__Console__TimestampFormat=HH:mm:ss.fff " dotnet $BIN/ledgergrpc.dll serve --urls http://127.0.0.1:0 --data-dir $D --Classification:SweepInterval=00:00:00 "$@" > $LOG 2>&1 &
pid=$!
t() { echo "$(date +%s.%N) - $start" | bc; }
cpu() { awk '{printf "%.1f", ($14+$15)/100}' /proc/$pid/stat; }
while ! grep -q "LedgerGrpc listening" $LOG 2>/dev/null; do sleep 0.1; kill -0 $pid 2>/dev/null || { echo died; tail $LOG; exit 1; }; done; listen=$(t); listencpu=$(cpu)
while ! grep -q "Classification serving" $LOG 2>/dev/null; do sleep 0.1; kill -0 $pid 2>/dev/null || { echo died; tail $LOG; exit 1; }; done; serving=$(t); servingcpu=$(cpu)
while ! grep -q "Classification ready:" $LOG 2>/dev/null; do sleep 0.2; kill -0 $pid 2>/dev/null || { echo died; tail $LOG; exit 1; }; done; swept=$(t); sweptcpu=$(cpu)
st() { awk -v k="$1:" '$1==k{print int($2/1024)}' /proc/$pid/status; }
rss=$(st VmRSS); hwm=$(st VmHWM); anon=$(st RssAnon); file=$(st RssFile); shmem=$(st RssShmem)
heap=$(grep -o "managed heap [0-9]* MiB ([0-9]* MiB committed)" $LOG | tail -1)
jit=$(grep -o "[0-9]* methods JIT-compiled" $LOG | head -1)
echo "$LABEL ($KIND, ${jit:-JIT count not logged} by listening): listening ${listen}s (CPU ${listencpu}s), segments serving ${serving}s (CPU ${servingcpu}s), start-up sweep done ${swept}s (CPU ${sweptcpu}s), RSS ${rss} MiB (peak ${hwm} MiB; anonymous ${anon}, file ${file}, shared ${shmem}; ${heap}), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC"
if [ "$STOP" = kill ]; then kill -9 $pid; else kill -TERM $pid; fi
wait $pid 2>/dev/null
echo "  exit $?"
