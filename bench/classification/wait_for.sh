# Sourced by the classification scripts. wait_for LOG: waits for a server's "listening on" line in LOG and prints
# the address it names (the last one); shows the log and exits if none comes within ten minutes.
wait_for() {
  for _ in $(seq 1 6000); do
    grep -q "listening on" "$1" && { grep -o 'http://[0-9.:]*' "$1" | tail -1; return; }
    sleep 0.1
  done
  cat "$1" >&2; exit 1
}
