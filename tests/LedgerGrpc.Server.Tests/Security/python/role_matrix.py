"""Calls every RPC once per key (plus once with no key) with an empty request and prints one JSON
line per call: {"rpc", "caller", "code", "message"}.

usage: role_matrix.py TARGET RPCS_FILE KEYS_FILE
RPCS_FILE: lines "package.Service/Method kind" (kind: unary, client_stream, server_stream, duplex).
KEYS_FILE: lines "caller key" ("none" has no key line: it is always called).
An allowed streaming call is ended by a short deadline (DEADLINE_EXCEEDED then means "allowed").
"""
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import grpc
import ledger_channel

STREAM_DEADLINE = 3
UNARY_DEADLINE = 60


def call(channel, rpc, kind):
    path = "/" + rpc
    ident = lambda b: b
    try:
        if kind == "unary":
            channel.unary_unary(path, request_serializer=ident, response_deserializer=ident)(b"", timeout=UNARY_DEADLINE)
        elif kind == "client_stream":
            channel.stream_unary(path, request_serializer=ident, response_deserializer=ident)(iter([]), timeout=UNARY_DEADLINE)
        elif kind == "server_stream":
            for _ in channel.unary_stream(path, request_serializer=ident, response_deserializer=ident)(b"", timeout=STREAM_DEADLINE):
                pass
        else:
            for _ in channel.stream_stream(path, request_serializer=ident, response_deserializer=ident)(iter([]), timeout=STREAM_DEADLINE):
                pass
        return "OK", ""
    except grpc.RpcError as e:
        return e.code().name, e.details() or ""


def main():
    target, rpcs_file, keys_file = sys.argv[1:4]
    rpcs = [line.split() for line in open(rpcs_file) if line.strip()]
    callers = [("none", None)] + [tuple(line.split()) for line in open(keys_file) if line.strip()]
    channels = {name: ledger_channel.insecure_channel(target, key=key or "") for name, key in callers}
    jobs = [(name, rpc, kind) for name, _ in callers for rpc, kind in rpcs]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda job: (job, call(channels[job[0]], job[1], job[2])), jobs))
    for (name, rpc, _), (code, message) in results:
        print(json.dumps({"rpc": rpc, "caller": name, "code": code, "message": message}, ensure_ascii=False))


if __name__ == "__main__":
    main()
