"""Plugin flows against a real server, driven by Python grpcio (a gRPC implementation nobody here wrote).

Usage: plugin_flows.py SCENARIO ADDRESS [ARGS...]; exits non-zero with a message on the first failed check and prints
one JSON line of results on success. Methods are called by path with message modules from `protoc --python_out`.
"""
import json
import os
import shutil
import sys
import threading
import time

import grpc
import ledger_channel
from google.protobuf import timestamp_pb2

from ledger.v1 import ledger_pb2, plugins_pb2, segments_pb2

ACTOR = [("x-ledger-actor", "plugin-e2e")]
TIMEOUT = 60


def unary(channel, path, request, response_type):
    call = channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_type.FromString)
    return call(request, metadata=ACTOR, timeout=TIMEOUT)


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def create_customer(channel, ref):
    request = ledger_pb2.CreateCustomerRequest(external_ref=ref, name="Customer " + ref, type=ledger_pb2.CUSTOMER_TYPE_ENTERPRISE)
    return unary(channel, "/ledger.v1.CustomerLedger/CreateCustomer", request, ledger_pb2.Customer).id


def sale(channel, customer_id, amount_minor):
    occurred = timestamp_pb2.Timestamp()
    occurred.GetCurrentTime()
    request = ledger_pb2.RecordTransactionRequest(customer_id=customer_id, kind=ledger_pb2.TRANSACTION_KIND_SALE, amount_minor=amount_minor,
                                                  currency="CNY", product="widget", quantity=1, occurred_at=occurred)
    return unary(channel, "/ledger.v1.CustomerLedger/RecordTransaction", request, ledger_pb2.Transaction)


def assignment(channel, customer_id, dimension):
    response = unary(channel, "/ledger.v1.Segments/Classify", segments_pb2.ClassifyRequest(customer_id=customer_id), segments_pb2.ClassifyResponse)
    found = [a for a in response.assignments if a.dimension == dimension]
    check(len(found) == 1, f"customer {customer_id} should have one {dimension} assignment, has {[str(a) for a in response.assignments]}")
    return found[0]


def plugin(channel, name):
    return unary(channel, "/ledger.v1.Plugins/GetPlugin", plugins_pb2.GetPluginRequest(name=name), plugins_pb2.Plugin)


def scenario_reload_under_load(channel, plugins_dir, new_build):
    """Tier v1 is live; writers keep recording sales while build 2 replaces the files; no call fails, everyone moves."""
    dims = unary(channel, "/ledger.v1.Segments/ListDimensions", segments_pb2.ListDimensionsRequest(), segments_pb2.ListDimensionsResponse)
    tier = [d for d in dims.dimensions if d.name == "tier_test"]
    check(len(tier) == 1 and tier[0].source == "plugin", f"tier_test listed as a plugin dimension: {tier}")
    check({s.key for s in tier[0].segments} == {"silver", "gold", "none"}, f"declared segments {tier[0].segments}")
    customers = [create_customer(channel, f"reload-{i}") for i in range(20)]
    for c in customers:
        sale(channel, c, 10_000)
    check(all(assignment(channel, c, "tier_test").segment == "silver" for c in customers), "version 1 puts buyers in silver")
    first = assignment(channel, customers[0], "tier_test")
    check(first.display_name == "Silver" and first.rule == "Tier 1.0.0.0", f"assignment {first}")
    explained = unary(channel, "/ledger.v1.Segments/Explain", segments_pb2.ExplainRequest(customer_id=customers[0], dimension="tier_test"), segments_pb2.ExplainResponse)
    check(explained.segment == "silver" and explained.rules[0].steps == ["silver: version 1.0.0.0"], f"explain {explained}")

    stop = threading.Event()
    failures, latencies, lock = [], [], threading.Lock()

    def writer(index):
        own = ledger_channel.insecure_channel(sys.argv[2])
        i = 0
        while not stop.is_set():
            started = time.perf_counter()
            try:
                sale(own, customers[(index * 7 + i) % len(customers)], 100 + i)
                with lock:
                    latencies.append(time.perf_counter() - started)
            except grpc.RpcError as e:
                with lock:
                    failures.append(f"{e.code()} {e.details()}")
            i += 1
        own.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    while len(latencies) < 200:
        time.sleep(0.01)
    before_swap = len(latencies)

    # Deploy build 2 the way an operator does: copy its files over the old ones; the server's watcher notices.
    for f in os.listdir(new_build):
        shutil.copy(os.path.join(new_build, f), os.path.join(plugins_dir, "Tier", f))
    watch = channel.unary_stream("/ledger.v1.Plugins/WatchPlugins", request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=plugins_pb2.Plugin.FromString)(plugins_pb2.WatchPluginsRequest(), metadata=ACTOR, timeout=TIMEOUT)
    statuses = []
    for p in watch:
        statuses.append((p.name, p.version, p.status))
        if p.name == "Tier" and p.version == "2.0.0.0" and p.status == "loaded":
            break
    watch.cancel()
    swap_index = len(latencies)
    while len(latencies) < swap_index + 200:
        time.sleep(0.01)
    stop.set()
    for t in threads:
        t.join()

    check(not failures, f"{len(failures)} calls failed during the reload: {failures[:5]}")
    moved = [assignment(channel, c, "tier_test") for c in customers]
    check(all(a.segment == "gold" and a.rule == "Tier 2.0.0.0" and a.workflow_version == 2_000_000 for a in moved), f"after reload {moved[0]}")
    history = unary(channel, "/ledger.v1.Segments/GetHistory", segments_pb2.GetHistoryRequest(customer_id=customers[0], dimension="tier_test"), segments_pb2.GetHistoryResponse)
    newest = history.changes[0]
    check((newest.from_segment, newest.to_segment, newest.cause, newest.rule) == ("silver", "gold", "plugin", "Tier 2.0.0.0"), f"history {newest}")
    info = plugin(channel, "Tier")
    check(info.calls > 0 and info.errors == 0 and info.p99_micros >= info.p50_micros > 0, f"counters {info}")
    during = sorted(latencies[before_swap:])
    print(json.dumps({"writes": len(latencies), "failed": len(failures), "p99_ms_during_swap": round(during[int(0.99 * (len(during) - 1))] * 1000, 2),
                      "statuses": statuses}))


def scenario_faults(channel, plugins_dir):
    """A plugin that never returns is quarantined by a write, which succeeds; the server keeps serving."""
    listed = unary(channel, "/ledger.v1.Plugins/ListPlugins", plugins_pb2.ListPluginsRequest(), plugins_pb2.ListPluginsResponse)
    by_name = {p.name: p for p in listed.plugins}
    check(by_name["WrongContract"].status == "failed" and "contract 2.0" in by_name["WrongContract"].message, f"wrong contract {by_name['WrongContract']}")
    check(by_name["Clashes"].status == "failed" and "value_tier" in by_name["Clashes"].message, f"clash {by_name['Clashes']}")
    check(by_name["Hangs"].status == "loaded", f"hangs loaded {by_name['Hangs']}")
    customer = create_customer(channel, "fault-1")
    sale(channel, customer, 50_000)
    update = ledger_pb2.UpdateCustomerRequest(customer=ledger_pb2.Customer(id=customer, attributes={"plugin_fault": "hang"}))
    update.update_mask.paths.append("attributes")
    unary(channel, "/ledger.v1.CustomerLedger/UpdateCustomer", update, ledger_pb2.Customer)
    hangs = plugin(channel, "Hangs")
    check(hangs.status == "quarantined" and "abandoned" in hangs.message and hangs.errors == 1, f"quarantined {hangs}")
    check(assignment(channel, customer, "hangs_test").segment == "ok", "the customer keeps its segment")
    sale(channel, customer, 70_000)
    check(assignment(channel, customer, "value_tier").segment != "", "writes and reads keep working")
    try:
        plugin(channel, "Nope")
        check(False, "an unknown plugin is NOT_FOUND")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.NOT_FOUND and "Hangs" in e.details(), f"unknown plugin {e.code()} {e.details()}")
    try:
        unary(channel, "/ledger.v1.Plugins/ApprovePlugin", plugins_pb2.ApprovePluginRequest(name="Hangs", sha256=""), plugins_pb2.Plugin)
        check(False, "approving without a hash is INVALID_ARGUMENT")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.INVALID_ARGUMENT, f"approve without hash {e.code()} {e.details()}")
    print(json.dumps({"customer": customer}))


def main():
    scenario, address, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    with ledger_channel.insecure_channel(address) as channel:
        grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
        globals()["scenario_" + scenario](channel, *args)


if __name__ == "__main__":
    main()
