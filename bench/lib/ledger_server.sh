# Sourced by bench/ledger's scripts (from the repository root, with $work set): python stubs for ledger_bench.py, a
# Release build of the server ($exe), and the helpers both scripts measure with.
export LEDGER_PY_OUT=$work/py
mkdir -p "$LEDGER_PY_OUT"
protoc --python_out="$LEDGER_PY_OUT" -Iprotos -I/usr/include ledger/v1/ledger.proto
dotnet build server/LedgerGrpc.Server -c Release -v q -nologo >/dev/null
exe=server/LedgerGrpc.Server/bin/Release/net10.0/ledgergrpc.dll

# A process's CPU so far (user + system, clock ticks).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
