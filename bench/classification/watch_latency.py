"""Write → WatchChanges delivery latency under write load. Creates CUSTOMERS customers without purchases, subscribes
to lifecycle changes, then THREADS writer threads each record every customer's first purchase (which moves it from
potential to new). Latency per customer = time its change arrived on the stream − time its write was sent.
Usage: watch_latency.py HOST:PORT [CUSTOMERS=2000] [THREADS=8]"""
import json
import os
import sys
import threading
import time

from google.protobuf import timestamp_pb2

from ledger.v1 import ledger_pb2, segments_pb2
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import keyed_channel  # noqa: E402  (sends LEDGERGRPC_KEY: every call but health needs a key)

ACTOR = [("x-ledger-actor", "bench")]


def call(channel, path, response_type):
    return channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_type.FromString)


def main():
    target, customers, threads = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000, int(sys.argv[3]) if len(sys.argv) > 3 else 8
    channel = keyed_channel.insecure_channel(target)
    create = call(channel, "/ledger.v1.CustomerLedger/CreateCustomer", ledger_pb2.Customer)
    record = call(channel, "/ledger.v1.CustomerLedger/RecordTransaction", ledger_pb2.Transaction)
    stamp = str(time.time_ns())
    ids = [create(ledger_pb2.CreateCustomerRequest(external_ref=f"lat-{stamp}-{i}", name=f"Latency {i}", type=ledger_pb2.CUSTOMER_TYPE_INDIVIDUAL),
                  metadata=ACTOR, timeout=60).id for i in range(customers)]
    wanted = set(ids)
    sent, received = {}, {}
    done = threading.Event()
    stream = channel.unary_stream("/ledger.v1.Segments/WatchChanges", request_serializer=lambda m: m.SerializeToString(),
                                  response_deserializer=segments_pb2.SegmentChange.FromString)(
        segments_pb2.WatchChangesRequest(dimension="lifecycle"), metadata=ACTOR, timeout=600)

    def watch():
        for change in stream:
            if change.customer_id in wanted and change.to_segment == "new":
                received[change.customer_id] = time.perf_counter()
                if len(received) == len(wanted):
                    done.set()
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(0.5)  # let the subscription reach the server before the first write (bench script, not a test)

    def write(part):
        for customer in part:
            occurred = timestamp_pb2.Timestamp()
            occurred.GetCurrentTime()
            sent[customer] = time.perf_counter()
            record(ledger_pb2.RecordTransactionRequest(customer_id=customer, kind=ledger_pb2.TRANSACTION_KIND_SALE, amount_minor=10_000,
                                                       currency="CNY", product="p", quantity=1, occurred_at=occurred), metadata=ACTOR, timeout=60)

    started = time.perf_counter()
    writers = [threading.Thread(target=write, args=(ids[i::threads],)) for i in range(threads)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    elapsed = time.perf_counter() - started
    done.wait(120)
    stream.cancel()
    latencies = sorted((received[c] - sent[c]) * 1000 for c in ids if c in received)
    pct = lambda p: round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1)
    print(json.dumps({"writes": customers, "writes_per_s": round(customers / elapsed), "delivered": len(latencies),
                      "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(latencies[-1], 1)}))


if __name__ == "__main__":
    main()
