"""Deadlines seen from grpcio. Usage: deadlines.py CASE HOST:PORT; prints the status code name the call ended with.
watch: WatchChanges with a 500 ms deadline, five times in a row (each must end DEADLINE_EXCEEDED, never OK).
unary: CreateCustomer with a 300 ms deadline while the test holds the writer (the handler finishes late)."""
import sys

import grpc
import ledger_channel

from ledger.v1 import ledger_pb2, segments_pb2


def code_of(call):
    try:
        call()
        return "OK"
    except grpc.RpcError as e:
        return e.code().name


def main():
    case, target = sys.argv[1], sys.argv[2]
    channel = ledger_channel.insecure_channel(target)
    if case == "watch":
        watch = channel.unary_stream("/ledger.v1.Segments/WatchChanges",
                                     request_serializer=segments_pb2.WatchChangesRequest.SerializeToString,
                                     response_deserializer=segments_pb2.SegmentChange.FromString)
        for _ in range(5):
            print(code_of(lambda: list(watch(segments_pb2.WatchChangesRequest(), timeout=0.5))), flush=True)
    elif case == "unary":
        create = channel.unary_unary("/ledger.v1.CustomerLedger/CreateCustomer",
                                     request_serializer=ledger_pb2.CreateCustomerRequest.SerializeToString,
                                     response_deserializer=ledger_pb2.Customer.FromString)
        request = ledger_pb2.CreateCustomerRequest(external_ref="late-1", name="Late Ltd", type=ledger_pb2.CUSTOMER_TYPE_ENTERPRISE)
        print(code_of(lambda: create(request, timeout=0.3)), flush=True)
    else:
        sys.exit(f"unknown case {case}")


if __name__ == "__main__":
    main()
