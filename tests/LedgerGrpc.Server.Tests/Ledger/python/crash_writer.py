"""Crash-test load for ledger.v1: `write TARGET CLIENTS` runs CLIENTS threads, each recording
transactions with idempotency keys until the server goes away, printing `SEND key customer amount`
before each call and `ACK key id` after each acknowledgement (flushed, so the test sees them as
they happen). `retry TARGET FILE` re-sends each `key customer amount` line of FILE with the same key
and content and prints `ACK key id` (the settle step after a restart)."""
import sys
import threading

import grpc
import ledger_channel
from google.protobuf import timestamp_pb2

from ledger.v1 import ledger_pb2 as pb

lock = threading.Lock()


def emit(line):
    with lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def record(channel):
    return channel.unary_unary("/ledger.v1.CustomerLedger/RecordTransaction",
                               request_serializer=lambda m: m.SerializeToString(),
                               response_deserializer=pb.Transaction.FromString)


def request(key, customer, amount):
    return pb.RecordTransactionRequest(customer_id=customer, kind=pb.TRANSACTION_KIND_SALE, amount_minor=amount,
                                       currency="CNY", product="crash", quantity=1,
                                       occurred_at=timestamp_pb2.Timestamp(seconds=1_780_000_000), idempotency_key=key)


def write(target, clients):
    clients = int(clients)
    channel = ledger_channel.insecure_channel(target)
    create = channel.unary_unary("/ledger.v1.CustomerLedger/CreateCustomer",
                                 request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=pb.Customer.FromString)
    customers = [create(pb.CreateCustomerRequest(external_ref=f"crash-{i}", name=f"Crash {i}",
                                                 type=pb.CUSTOMER_TYPE_ENTERPRISE), timeout=30).id for i in range(4)]
    emit("READY")

    def worker(n):
        rpc = record(ledger_channel.insecure_channel(target))
        i = 0
        while True:
            key, customer, amount = f"c{n}-{i}", customers[(n + i) % 4], 1000 + n * 100_000 + i
            emit(f"SEND {key} {customer} {amount}")
            try:
                t = rpc(request(key, customer, amount), timeout=30)
            except grpc.RpcError as e:
                emit(f"STOP {key} {e.code().name}")
                return
            emit(f"ACK {key} {t.id}")
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def retry(target, path):
    rpc = record(ledger_channel.insecure_channel(target))
    for line in open(path):
        key, customer, amount = line.split()
        t = rpc(request(key, int(customer), int(amount)), timeout=30, wait_for_ready=True)
        emit(f"ACK {key} {t.id}")


if __name__ == "__main__":
    {"write": write, "retry": retry}[sys.argv[1]](*sys.argv[2:])
