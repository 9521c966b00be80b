#!/usr/bin/env bash
# Runs the whole LedgerGrpc test suite. Installs (as root) or checks the Debian packages the
# tests use as real peers: python3-grpcio (a gRPC implementation nobody here wrote),
# protobuf-compiler (protoc --python_out), grpc-proto (official interop/health/reflection protos),
# nghttp2-client (h2load), tmux (admin client tests) and sqlite3 (integrity checks); then Node.js
# and the npm packages of the grpc-js interop client.
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

# Node.js (20 or newer, with npm) runs the grpc-js interop client; npm ci installs its packages
# (@grpc/grpc-js, @grpc/proto-loader) from the lock file, again only when the lock file changes.
node_dir=tests/LedgerGrpc.Interop.Tests/node
if ! command -v node >/dev/null && [[ $(id -u) -eq 0 ]]; then
  echo "test.sh: installing nodejs npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null || ! node -e 'process.exit(process.versions.node.split(".")[0] < 20 ? 1 : 0)'; then
  echo "test.sh: missing Node.js 20 or newer with npm (node: $(node --version 2>/dev/null || echo none), npm: $(npm --version 2>/dev/null || echo none))" >&2
  echo "install them with: sudo apt-get install -y nodejs npm" >&2
  exit 1
fi
if ! cmp -s "$node_dir/package-lock.json" "$node_dir/node_modules/.installed-package-lock.json"; then
  (cd "$node_dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null) ||
    { echo "test.sh: npm ci failed in $node_dir (the npm registry must be reachable once)" >&2; exit 1; }
  cp "$node_dir/package-lock.json" "$node_dir/node_modules/.installed-package-lock.json"
fi

# Tests call Debian's python3 (the one python3-grpcio is installed for), never a version manager's.
export LEDGERGRPC_TEST_PYTHON=/usr/bin/python3

dotnet test LedgerGrpc.sln --configuration Release "$@"
