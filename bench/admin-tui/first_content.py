#!/usr/bin/env python3
"""Time from opening each admin-client screen to its first content, against a running server.

Runs ledgergrpc-admin in a private tmux server (120x40), with LEDGERGRPC_ADMIN_TIMING set: the client appends
"<screen>\t<ms>" when a screen first shows data (the dashboard its charts, segments the dimensions or a segment's
counts, members the first page, the customer its profile, rules the workflow list, plugins/audit/jobs their first page), measured from the moment it handles the command that opens it
(the next redraw follows within one main-loop iteration). Each screen is opened ROUNDS times; prints min/median/max.

usage: first_content.py ADMIN_DLL SERVER_URL [ROUNDS] [CUSTOMER_ID]
The client needs an API key (every call but health needs one): set LEDGERGRPC_API_KEY, e.g. to the server's
<data-dir>/admin.key; it is passed on to the client.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

admin, server = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
customer = sys.argv[4] if len(sys.argv) > 4 else "123456"
socket = "tui-bench-" + uuid.uuid4().hex[:8]
timing = tempfile.NamedTemporaryFile(prefix="tui-timing-", delete=False).name


def tmux(*args):
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True).stdout


def lines():
    with open(timing) as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


def wait_lines(count, limit=120):
    end = time.time() + limit
    while time.time() < end:
        if len(lines()) >= count:
            return
        time.sleep(0.02)
    raise SystemExit(f"no first content after {limit} s; screen:\n" + tmux("capture-pane", "-p", "-t", "main"))


def wait_screen(text, limit=120):
    end = time.time() + limit
    while time.time() < end:
        if text in tmux("capture-pane", "-p", "-t", "main"):
            return
        time.sleep(0.05)
    raise SystemExit(f"'{text}' not on screen after {limit} s")


screens = [
    ("dashboard", ":dashboard"),
    ("segments", ":segments"),
    ("segments", ":segments value_tier"),
    ("segments", ":segments value_tier low_value"),
    ("customer", f":customer {customer}"),
    ("rules", ":rules value_tier"),
    ("plugins", ":plugins"),
    ("audit", ":audit"),  # back to the page already shown (cached, then refreshed)
    ("audit", ":audit since:30d"),  # a filter: a fresh ListAuditEntries
    ("jobs", ":jobs"),
]

key = os.environ.get("LEDGERGRPC_API_KEY", "")
tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "-e", f"LEDGERGRPC_ADMIN_TIMING={timing}",
     "-e", f"LEDGERGRPC_API_KEY={key}",
     f"dotnet {admin} --server {server}")
try:
    tmux("set-option", "-t", "main", "window-size", "manual")
    wait_lines(1)
    wait_screen("● connected")
    results = {}
    for r in range(rounds + 1):  # the first round warms up (JIT, connections) and is not counted
        for name, command in screens:
            before = len(lines())
            tmux("send-keys", "-t", "main", "-l", ":")
            tmux("send-keys", "-t", "main", "-l", command[1:])
            tmux("send-keys", "-t", "main", "Enter")
            wait_lines(before + 1)
            screen, ms = lines()[before]
            if r > 0:
                results.setdefault(command, []).append(float(ms))
            time.sleep(0.3)  # let the screen's follow-up calls (names of a member page, say) finish before the next
    print(f"{'command':40} {'min ms':>8} {'median ms':>10} {'max ms':>8}")
    for command, values in results.items():
        print(f"{command:40} {min(values):8.1f} {statistics.median(values):10.1f} {max(values):8.1f}")
finally:
    tmux("kill-server")
    os.unlink(timing)
