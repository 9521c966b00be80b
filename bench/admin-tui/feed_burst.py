#!/usr/bin/env python3
"""The dashboard's live feed under a burst of segment changes, and how promptly the client still answers keys.

Runs ledgergrpc-admin on its dashboard in a private tmux server (120x40) against a running server, then publishes a
version of WORKFLOW whose first rule matches every customer (its expression replaced by `true`), so the publish job
moves most of the ledger at once, and then publishes the original back (a second burst; the ledger ends where it
began). While each job runs, and then until the dashboard's feed has counted every change the job made, keys are sent
('?' opens the help, Esc closes it) and the time from send-keys to the change being visible in capture-pane is
recorded; the feed line (changes/s, count since opened) is sampled each time. (capture-pane polling and tmux calls are
in the figure: compare the idle round trips.) The server's rate is the job's changed customers over its duration (Operations/GetJob times).

usage: feed_burst.py ADMIN_DLL SERVER_URL [WORKFLOW]    (API key in LEDGERGRPC_API_KEY, passed on to the client)
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import grpc

admin, server = sys.argv[1], sys.argv[2]
workflow = sys.argv[3] if len(sys.argv) > 3 else "value_tier"
key = os.environ.get("LEDGERGRPC_API_KEY", "")
metadata = [("authorization", "Bearer " + key)] if key else []
socket = "tui-burst-" + uuid.uuid4().hex[:8]

out = tempfile.mkdtemp(prefix="feed-burst-")
protos = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "protos")
subprocess.run(["protoc", "-I", protos, "-I", "/usr/include", "--python_out", out,
                "ledger/v1/rules.proto", "ledger/v1/segments.proto", "ledger/v1/operations.proto"], check=True)
sys.path.insert(0, out)
from ledger.v1 import operations_pb2 as ops  # noqa: E402
from ledger.v1 import rules_pb2 as r  # noqa: E402

channel = grpc.insecure_channel(server.replace("http://", ""))
get_workflow = channel.unary_unary("/ledger.v1.Rules/GetWorkflow", request_serializer=r.GetWorkflowRequest.SerializeToString, response_deserializer=r.WorkflowVersion.FromString)
publish = channel.unary_unary("/ledger.v1.Rules/PublishWorkflow", request_serializer=r.PublishWorkflowRequest.SerializeToString, response_deserializer=r.PublishWorkflowResponse.FromString)
get_job = channel.unary_unary("/ledger.v1.Operations/GetJob", request_serializer=ops.GetJobRequest.SerializeToString, response_deserializer=ops.Job.FromString)


def tmux(*args):
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True).stdout


def capture():
    return tmux("capture-pane", "-p", "-t", "main")


def wait_screen(test, what, limit=300):
    end = time.time() + limit
    while time.time() < end:
        screen = capture()
        if test(screen):
            return screen
        time.sleep(0.005)
    raise SystemExit(f"{what} not on screen after {limit} s:\n" + capture())


def key_round_trip():
    """ms from send-keys '?' to the help visible, and from Esc to the dashboard back."""
    t0 = time.perf_counter()
    tmux("send-keys", "-t", "main", "-l", "?")
    wait_screen(lambda s: "Dashboard: keys" in s, "the help")
    t1 = time.perf_counter()
    tmux("send-keys", "-t", "main", "Escape")
    wait_screen(lambda s: "Dashboard: keys" not in s, "the dashboard again")
    t2 = time.perf_counter()
    return [1000 * (t1 - t0), 1000 * (t2 - t1)]


FEED = re.compile(r"([\d.,]+k?) changes/s · ([\d,]+) since opened")


def shown():
    """The feed line on screen: (changes/s as shown, count since opened)."""
    m = FEED.search(capture())
    return (m.group(1), int(m.group(2).replace(",", ""))) if m else ("?", -1)


def run_job(json, comment, expected, seen):
    """Publishes; keys and samples the feed while the job runs, then until the feed has counted every change (the
    server publishes a job's changes as it commits them). Returns what was seen."""
    response = publish(r.PublishWorkflowRequest(workflow_json=json, comment=comment, expected_version=expected), metadata=metadata)
    t0 = time.time()
    during, delivering, samples = [], [], []
    while True:
        job = get_job(ops.GetJobRequest(id=response.reclassification_id), metadata=metadata)
        during += key_round_trip()
        samples.append((time.time() - t0, *shown()))
        if job.state in ("done", "failed", "interrupted"):
            break
        time.sleep(0.5)
    done_at = time.time()
    target = seen + job.changed
    while shown()[1] < target and time.time() - done_at < 120:
        delivering += key_round_trip()
        samples.append((time.time() - t0, *shown()))
    lag = time.time() - done_at
    return response, job, during, delivering, samples, capture(), lag, shown()[1] >= target, target


tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "-e", f"LEDGERGRPC_API_KEY={key}", f"dotnet {admin} --server {server}")
try:
    tmux("set-option", "-t", "main", "window-size", "manual")
    wait_screen(lambda s: "● connected" in s and ("since opened" in s or "waiting for segment changes" in s), "the dashboard with its feed")
    idle = []
    for _ in range(10):
        idle += key_round_trip()
        time.sleep(0.2)

    current = get_workflow(r.GetWorkflowRequest(name=workflow), metadata=metadata)
    original = current.workflow_json
    everyone = re.sub(r'("Expression":\s*)"[^"]*"', r'\1"true"', original, count=1)
    assert everyone != original, "no rule expression to replace"
    results = []
    seen = max(0, shown()[1])
    for json, comment in [(everyone, "feed burst: first rule matches everyone"), (original, "feed burst: back to the original")]:
        expected = get_workflow(r.GetWorkflowRequest(name=workflow), metadata=metadata).version
        outcome = run_job(json, comment, expected, seen)
        seen = outcome[-1]
        results.append((comment, *outcome))

    def stats(values):
        return f"n={len(values)} median {statistics.median(values):.0f} ms, p90 {sorted(values)[int(0.9 * (len(values) - 1))]:.0f} ms, max {max(values):.0f} ms"

    print(f"keys while idle: {stats(idle)}")
    for comment, response, job, during, delivering, samples, screen, lag, complete, target in results:
        seconds = (job.finished_at.ToDatetime() - job.queued_at.ToDatetime()).total_seconds()
        print(f"\n{comment}: {workflow} v{response.version}, job {response.reclassification_id} {job.state}: {job.changed:,} customers changed in {seconds:.1f} s "
              f"= {job.changed / seconds if seconds else float('nan'):,.0f} changes/s (server, queued to finished)")
        print(f"keys while the job ran: {stats(during)}")
        print(f"keys while the feed received the job's changes: {stats(delivering) if delivering else 'none (already counted)'}")
        print(f"the feed counted {'every change' if complete else 'NOT every change'} ({target:,} since opened) {lag:.1f} s after the job was seen done")
        print("feed as shown (s since publish, changes/s, since opened): " + ", ".join(f"{t:.1f} {rate} {total:,}" for t, rate, total in samples))
        print("dashboard at the end:\n" + screen)
finally:
    tmux("kill-server")
