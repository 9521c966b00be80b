#!/usr/bin/env python3
"""Server CPU per GetDistribution and per ListMembers page (id order, and sorted/filtered over the whole segment:
name, spend, outstanding, a name filter; CALLS/10 of those), against a running server (Debian python3-grpcio).

Generates the ledger.v1 message classes with protoc into a temporary folder, calls each RPC CALLS times from one
channel, and reads the server process's utime+stime from /proc/PID/stat before and after: CPU per call is the figure
to compare on a shared machine (wall time is printed too).

usage: segment_reads_cpu.py SERVER_ADDRESS SERVER_PID [CALLS] [DIMENSION] [SEGMENT] [API_KEY]
"""
import os
import subprocess
import sys
import tempfile
import time

import grpc

address, pid = sys.argv[1], int(sys.argv[2])
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 200
dimension = sys.argv[4] if len(sys.argv) > 4 else "value_tier"
segment = sys.argv[5] if len(sys.argv) > 5 else "low_value"
metadata = [("authorization", "Bearer " + sys.argv[6])] if len(sys.argv) > 6 else []

out = tempfile.mkdtemp(prefix="segment-reads-")
protos = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "protos")
subprocess.run(["protoc", "-I", protos, "-I", "/usr/include", "--python_out", out, "ledger/v1/segments.proto"], check=True)
sys.path.insert(0, out)
from ledger.v1 import segments_pb2 as s  # noqa: E402


def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


channel = grpc.insecure_channel(address)
distribution = channel.unary_unary("/ledger.v1.Segments/GetDistribution", request_serializer=s.GetDistributionRequest.SerializeToString, response_deserializer=s.GetDistributionResponse.FromString)
members = channel.unary_unary("/ledger.v1.Segments/ListMembers", request_serializer=s.ListMembersRequest.SerializeToString, response_deserializer=s.ListMembersResponse.FromString)
distribution(s.GetDistributionRequest(), metadata=metadata)

token = ""


def next_page():
    global token
    token = members(s.ListMembersRequest(dimension=dimension, segment=segment, page_size=50, page_token=token), metadata=metadata).next_page_token


def ordered_page(order, descending, filter_text=""):
    """A walk forward through the segment in another order: each call is the next page (a whole-segment pass)."""
    state = {"token": ""}

    def call():
        state["token"] = members(s.ListMembersRequest(dimension=dimension, segment=segment, page_size=50, page_token=state["token"],
                                                      order=order, descending=descending, filter=filter_text), metadata=metadata).next_page_token
    return call


ordered_calls = max(1, calls // 10)
print(f"{dimension}/{segment}: {members(s.ListMembersRequest(dimension=dimension, segment=segment, page_size=1), metadata=metadata).total:,} members, "
      f"{members(s.ListMembersRequest(dimension=dimension, segment=segment, page_size=1, filter='公司'), metadata=metadata).total:,} with '公司' in the name or ref")
for name, call, count in [("GetDistribution (every dimension)", lambda: distribution(s.GetDistributionRequest(), metadata=metadata), calls),
                          (f"ListMembers {dimension}/{segment}, 50 a page, walking forward", next_page, calls),
                          (f"ListMembers {dimension}/{segment} by name, 50 a page, walking forward", ordered_page(s.MEMBER_ORDER_NAME, False), ordered_calls),
                          (f"ListMembers {dimension}/{segment} by spend, largest first, walking forward", ordered_page(s.MEMBER_ORDER_SPEND, True), ordered_calls),
                          (f"ListMembers {dimension}/{segment} by outstanding, largest first", ordered_page(s.MEMBER_ORDER_OUTSTANDING, True), ordered_calls),
                          (f"ListMembers {dimension}/{segment} filtered by name '公司', by id", ordered_page(s.MEMBER_ORDER_ID, False, "公司"), ordered_calls)]:
    cpu0, wall0 = cpu_seconds(), time.time()
    for _ in range(count):
        call()
    cpu1, wall1 = cpu_seconds(), time.time()
    print(f"{name}: {count} calls, server CPU {1000 * (cpu1 - cpu0) / count:.2f} ms/call, wall {1000 * (wall1 - wall0) / count:.2f} ms/call")
