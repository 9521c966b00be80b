#!/bin/bash
# startup_cpu.sh N DATADIR NAME=BIN[:VAR=value,...] ...
# Restarts the ledger in DATADIR N times per variant, variants alternating, and prints each start's CPU time (user+system)
# at "listening" (from the server's own log line, with the methods JIT-compiled by then) and at "Classification
# serving" (from /proc, 10 ms ticks), then each variant's mean. CPU time, not wall clock, is what compares on a shared
# machine. BIN is a folder holding ledgergrpc.dll (a publish or a build); VAR=value pairs go to that variant's
# environment, e.g. jit=BIN:DOTNET_ReadyToRun=0 or nopgo=BIN:DOTNET_TieredPGO=0. Each start is stopped with SIGTERM.
N=$1; D=$2; shift 2
declare -A sum_listen sum_serving
for i in $(seq 1 "$N"); do
  for spec in "$@"; do
    name=${spec%%=*}; rest=${spec#*=}; bin=${rest%%:*}; envs=""; [[ $rest == *:* ]] && envs=${rest#*:}
    log=${TMPDIR:-/tmp}/startup-cpu-$name.log; : > "$log" # emptied before the start, so no line of the previous run is read
    env ${envs//,/ } dotnet "$bin/ledgergrpc.dll" serve --urls http://127.0.0.1:0 --data-dir "$D" --Classification:SweepInterval=00:00:00 > "$log" 2>&1 &
    pid=$!
    until grep -q "Classification serving" "$log"; do
      sleep 0.05; kill -0 $pid 2>/dev/null || { echo "$name died:"; tail "$log"; exit 1; }
    done
    serving=$(awk '{print ($14+$15)*10}' /proc/$pid/stat)
    sleep 0.2 # the console logger writes behind; a build from before session 4 has no start-up line at all (0 below)
    read -r listening methods < <(grep -o "([0-9]* ms of CPU; [0-9]* methods" "$log" | tr -d '(' | awk '{print $1, $5}')
    listening=${listening:-0}
    kill -TERM $pid; wait $pid 2>/dev/null
    echo "$name run $i: listening CPU $listening ms ($methods methods JIT-compiled), Classification serving CPU $serving ms"
    sum_listen[$name]=$(( ${sum_listen[$name]:-0} + listening )); sum_serving[$name]=$(( ${sum_serving[$name]:-0} + serving ))
  done
done
for spec in "$@"; do
  name=${spec%%=*}
  echo "$name mean of $N: listening CPU $(( ${sum_listen[$name]} / N )) ms, Classification serving CPU $(( ${sum_serving[$name]} / N )) ms"
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC"
