"""Helpers for bench/ledger/run.sh: set up a customer and an h2load request body, read back how
many transactions the ledger holds, and turn an h2load log into tx/s and latency percentiles."""
import json
import os
import struct
import sys


sys.path.insert(0, os.environ["LEDGER_PY_OUT"])
from ledger.v1 import ledger_pb2 as pb  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import keyed_channel  # noqa: E402  (sends LEDGERGRPC_KEY: every call but health needs a key)


def call(addr, method, request, response_type):
    with keyed_channel.insecure_channel(addr) as channel:
        rpc = channel.unary_unary(f"/ledger.v1.CustomerLedger/{method}",
                                  request_serializer=request.SerializeToString,
                                  response_deserializer=response_type.FromString)
        return rpc(request, timeout=300, wait_for_ready=True)  # a loaded machine may take minutes to start the server


def setup(addr, body_path):
    customer = call(addr, "CreateCustomer", pb.CreateCustomerRequest(
        external_ref="bench-1", name="Bench Customer", type=pb.CUSTOMER_TYPE_ENTERPRISE), pb.Customer)
    ts = timestamp_pb2.Timestamp(seconds=1_790_000_000)
    request = pb.RecordTransactionRequest(customer_id=customer.id, kind=pb.TRANSACTION_KIND_SALE,
                                          amount_minor=1999, currency="CNY", product="bench",
                                          quantity=1, occurred_at=ts)
    payload = request.SerializeToString()
    with open(body_path, "wb") as f:
        # gRPC message frame: uncompressed flag, big-endian length, message.
        f.write(struct.pack(">BI", 0, len(payload)) + payload)
    print(customer.id)


def count(addr, customer_id):
    customer = call(addr, "GetCustomer", pb.GetCustomerRequest(id=int(customer_id)), pb.Customer)
    print(customer.transaction_count)


def stats(log_path, committed, seconds):
    # h2load --log-file: start time (µs since epoch), status, elapsed µs per request.
    latencies = sorted(int(line.split()[2]) for line in open(log_path) if line.strip())
    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] / 1000.0
    print(json.dumps({"requests": len(latencies), "committed": int(committed),
                      "tx_per_s": round(int(committed) / float(seconds)),
                      "p50_ms": pct(0.50), "p99_ms": pct(0.99)}))


if __name__ == "__main__":
    {"setup": setup, "count": count, "stats": stats}[sys.argv[1]](*sys.argv[2:])
