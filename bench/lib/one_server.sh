# Sourced (from the repository root, without arguments) by the scripts that measure one warm server under h2load
# (bench/ledger/alloc_profile.sh, bench/ops/metrics_profile.sh, bench/ops/alloc_per_call.sh), whose arguments are
# REQUESTS DLL [SETTING...]: takes the first two (requests, dll; the SETTINGs stay in "$@" for start_warm_server),
# warmup_seconds from WARMUP_SECONDS (default 20), a work folder removed at exit (kept with KEEP_WORK=1), and stops at
# exit the server and $monitor (a tool a script attaches to it); then bench/lib/ledger_server.sh's helpers.
requests=$1
dll=$2
shift 2
warmup_seconds=${WARMUP_SECONDS:-20}
python=${LEDGERGRPC_TEST_PYTHON:-/usr/bin/python3}
work=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
server=
monitor=
stop_one_server() {
  [ -n "$monitor" ] && { kill "$monitor" 2>/dev/null || true; wait "$monitor" 2>/dev/null || true; }
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap stop_one_server EXIT
. bench/lib/ledger_server.sh
