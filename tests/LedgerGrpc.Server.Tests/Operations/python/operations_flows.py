"""ledger.v1.Operations against a real server, driven by Python grpcio (a gRPC implementation nobody here wrote).

Usage: operations_flows.py SCENARIO ADDRESS [ARGS...]; exits non-zero with a message on the first failed check and
prints one JSON line of results on success. Methods are called by path with message modules from `protoc --python_out`.
"""
import json
import sys

import grpc
import ledger_channel

from ledger.v1 import operations_pb2

TIMEOUT = 60


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def unary(channel, method, request, response_type):
    call = channel.unary_unary("/ledger.v1.Operations/" + method, request_serializer=lambda m: m.SerializeToString(),
                               response_deserializer=response_type.FromString)
    return call(request, timeout=TIMEOUT)


def scenario_stats_and_jobs(channel, job_id):
    """Stats, a job watched to its end, the job in the listing, a bad page token refused."""
    stats = unary(channel, "GetServerStats", operations_pb2.GetServerStatsRequest(), operations_pb2.ServerStats)
    check(stats.version != "", "version is empty")
    check(stats.uptime.seconds >= 0 and stats.started_at.seconds > 0, f"uptime {stats.uptime}, started {stats.started_at}")
    check(len(stats.writer.writes_per_second_history) == 59, f"history has {len(stats.writer.writes_per_second_history)} points")

    watch = channel.unary_stream("/ledger.v1.Operations/WatchJob", request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=operations_pb2.Job.FromString)
    states = list(watch(operations_pb2.WatchJobRequest(id=int(job_id)), timeout=TIMEOUT))
    check(len(states) >= 1, "WatchJob sent nothing")
    last = states[-1]
    check(last.total == last.processed, f"final progress {last.processed}/{last.total}")

    listed = unary(channel, "ListJobs", operations_pb2.ListJobsRequest(page_size=10), operations_pb2.ListJobsResponse)
    check(any(j.id == last.id and j.state == last.state for j in listed.jobs), f"job {last.id} not listed: {listed}")

    try:
        unary(channel, "ListJobs", operations_pb2.ListJobsRequest(page_token="not-a-token"), operations_pb2.ListJobsResponse)
        check(False, "a bad page token was accepted")
    except grpc.RpcError as error:
        bad_token = error.code().name

    print(json.dumps({"version": stats.version, "classification": stats.classification.state,
                      "watched": [last.id, last.state], "bad_token": bad_token}))


def main():
    scenario, address, *args = sys.argv[1:]
    with ledger_channel.insecure_channel(address) as channel:
        globals()["scenario_" + scenario](channel, *args)


if __name__ == "__main__":
    main()
