#!/usr/bin/env python3
"""The dashboard's live feed under a burst of segment changes, and how promptly the client still answers keys.

Runs ledgergrpc-admin on its dashboard in a private tmux server (120x40) against a running server, then publishes a
version of WORKFLOW whose first rule matches every customer (its expression replaced by `true`), so the publish job
moves most of the ledger at once, and then publishes the original back (a second burst; the ledger ends where it
began). While each job runs, a key is sent every ~0.5 s ('?' opens the help, Esc closes it) and the time from send-keys
to the change being visible in capture-pane is recorded; the screen's feed lines (changes/s, count since opened, counts
by cause) are sampled. The server's rate is the job's changed customers over its duration (Operations/GetJob times).

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


def run_job(json, comment, expected):
    """Publishes, then keys and samples the feed until the job is done. Returns (response, latencies, feed samples)."""
    response = publish(r.PublishWorkflowRequest(workflow_json=json, comment=comment, expected_version=expected), metadata=metadata)
    latencies, samples = [], []
    while True:
        job = get_job(ops.GetJobRequest(id=response.reclassification_id), metadata=metadata)
        latencies += key_round_trip()
        screen = capture()
        if m := FEED.search(screen):
            samples.append((time.time(), m.group(1), m.group(2)))
        if job.state in ("done", "failed", "interrupted"):
            break
        time.sleep(0.5)
    return response, job, latencies, samples, screen


def caught_up(expected):
    """Seconds from now until the feed's count since opened reaches expected (the client has every change)."""
    t0 = time.time()
    while time.time() - t0 < 120:
        if (m := FEED.search(capture())) is not None and int(m.group(2).replace(",", "")) >= expected:
            return f"{time.time() - t0:.1f} s"
        time.sleep(0.05)
    return f"not within 120 s (shown: {FEED.search(capture()).group(2) if FEED.search(capture()) else '?'} of {expected:,})"


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
    seen = int(FEED.search(capture()).group(2).replace(",", "")) if FEED.search(capture()) else 0
    for json, comment in [(everyone, "feed burst: first rule matches everyone"), (original, "feed burst: back to the original")]:
        expected = get_workflow(r.GetWorkflowRequest(name=workflow), metadata=metadata).version
        outcome = run_job(json, comment, expected)
        seen += outcome[1].changed
        results.append((comment, *outcome, caught_up(seen)))

    def stats(values):
        return f"n={len(values)} median {statistics.median(values):.0f} ms, p90 {sorted(values)[int(0.9 * (len(values) - 1))]:.0f} ms, max {max(values):.0f} ms"

    print(f"keys while idle: {stats(idle)}")
    for comment, response, job, latencies, samples, screen, lag in results:
        seconds = (job.finished_at.ToDatetime() - job.queued_at.ToDatetime()).total_seconds()
        print(f"\n{comment}: {workflow} v{response.version}, job {response.reclassification_id} {job.state}: {job.changed:,} customers changed in {seconds:.1f} s "
              f"= {job.changed / seconds if seconds else float('nan'):,.0f} changes/s (server)")
        print(f"keys during the job: {stats(latencies)}")
        print(f"the feed counted every change: {lag} after the job was seen done")
        print("feed as shown (time, changes/s, since opened): " + ", ".join(f"{t - samples[0][0]:.1f}s {rate}/s {total}" for t, rate, total in samples))
        print("dashboard at the end of the job:\n" + screen)
finally:
    tmux("kill-server")
