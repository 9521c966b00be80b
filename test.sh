#!/usr/bin/env bash
# Runs the whole LedgerGrpc test suite. Installs (as root) or checks the Debian packages the
# tests use as real peers: python3-grpcio (a gRPC implementation nobody here wrote),
# protobuf-compiler (protoc --python_out), grpc-proto (official interop/health/reflection protos),
# nghttp2-client (h2load), tmux (admin client tests) and sqlite3 (integrity checks).
set -euo pipefail
cd "$(dirname "$0")"

packages=(python3 python3-grpcio python3-protobuf protobuf-compiler grpc-proto nghttp2-client tmux sqlite3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Tests call Debian's python3 (the one python3-grpcio is installed for), never a version manager's.
export LEDGERGRPC_TEST_PYTHON=/usr/bin/python3

dotnet test LedgerGrpc.sln --configuration Release "$@"
