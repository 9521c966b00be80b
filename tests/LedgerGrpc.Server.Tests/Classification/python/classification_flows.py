"""End-to-end classification flows driven by Python grpcio, a gRPC implementation nobody here wrote.

Usage: classification_flows.py SCENARIO ADDRESS [ARGS...]; exits non-zero with a message on the first failed check.
Message modules come from `protoc --python_out` (there is no grpc_tools here), methods are called by path.
"""
import json
import sys
import threading
import time

import grpc
import ledger_channel
from google.protobuf import timestamp_pb2

from ledger.v1 import ledger_pb2, rules_pb2, segments_pb2

ACTOR = [("x-ledger-actor", "e2e-python")]
TIMEOUT = 60


def unary(channel, path, request, response_type, metadata=ACTOR):
    call = channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(),
                               response_deserializer=response_type.FromString)
    return call(request, metadata=metadata, timeout=TIMEOUT)


def ledger(channel, method, request, response_type):
    return unary(channel, "/ledger.v1.CustomerLedger/" + method, request, response_type)


def segments(channel, method, request, response_type):
    return unary(channel, "/ledger.v1.Segments/" + method, request, response_type)


def rules(channel, method, request, response_type):
    return unary(channel, "/ledger.v1.Rules/" + method, request, response_type)


def watch(channel, after, dimension=""):
    call = channel.unary_stream("/ledger.v1.Segments/WatchChanges", request_serializer=lambda m: m.SerializeToString(),
                                response_deserializer=segments_pb2.SegmentChange.FromString)
    return call(segments_pb2.WatchChangesRequest(after_sequence=after, dimension=dimension), metadata=ACTOR, timeout=TIMEOUT)


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def expect_status(code, fn, what):
    try:
        fn()
    except grpc.RpcError as e:
        check(e.code() == code, f"{what}: expected {code}, got {e.code()} {e.details()}")
        check(len(e.details() or "") > 10, f"{what}: the message should say what is wrong, got {e.details()!r}")
        return e.details()
    check(False, f"{what}: expected {code}, the call succeeded")


def create_customer(channel, ref, **fields):
    request = ledger_pb2.CreateCustomerRequest(external_ref=ref, name=fields.pop("name", "Customer " + ref),
                                               type=ledger_pb2.CUSTOMER_TYPE_ENTERPRISE, **fields)
    return ledger(channel, "CreateCustomer", request, ledger_pb2.Customer).id


def sale(channel, customer_id, amount_minor, at_seconds=None, key=""):
    occurred = timestamp_pb2.Timestamp()
    if at_seconds is None:
        occurred.GetCurrentTime()
    else:
        occurred.FromSeconds(int(at_seconds))
    request = ledger_pb2.RecordTransactionRequest(customer_id=customer_id, kind=ledger_pb2.TRANSACTION_KIND_SALE,
                                                  amount_minor=amount_minor, currency="CNY", product="widget",
                                                  quantity=1, occurred_at=occurred, idempotency_key=key)
    return ledger(channel, "RecordTransaction", request, ledger_pb2.Transaction)


def segment_of(channel, customer_id, dimension):
    response = segments(channel, "Classify", segments_pb2.ClassifyRequest(customer_id=customer_id), segments_pb2.ClassifyResponse)
    found = [a for a in response.assignments if a.dimension == dimension]
    check(len(found) == 1, f"customer {customer_id} should have one {dimension} assignment, has {len(found)}")
    return found[0]


def last_sequence(channel, customer_id):
    history = segments(channel, "GetHistory", segments_pb2.GetHistoryRequest(customer_id=customer_id), segments_pb2.GetHistoryResponse)
    return max((c.sequence for c in history.changes), default=0)


def scenario_threshold(channel):
    """A purchase that crosses a threshold moves the customer; WatchChanges delivers it; GetHistory shows why."""
    customer = create_customer(channel, "threshold-1", industry="Manufacturing", region="East China")
    check(segment_of(channel, customer, "value_tier").segment == "low_value", "a new customer starts low value")
    check(segment_of(channel, customer, "lifecycle").segment == "potential", "a customer without purchases is potential")
    check(segment_of(channel, customer, "industry").segment == "Manufacturing", "attribute dimension uses the industry")
    after = last_sequence(channel, customer)
    check(after > 0, "the initial classification is in the history")

    received = []
    stream = watch(channel, after, "value_tier")
    reader = threading.Thread(target=lambda: received.append(next(stream)))
    reader.start()
    sale(channel, customer, 12_000_000)  # 120,000 yuan
    reader.join(TIMEOUT)
    stream.cancel()
    check(received, "WatchChanges delivered nothing")
    change = received[0]
    check((change.customer_id, change.from_segment, change.to_segment, change.cause) == (customer, "low_value", "high_value", "write"),
          f"unexpected change {change}")

    assignment = segment_of(channel, customer, "value_tier")
    check((assignment.segment, assignment.rule, assignment.workflow_version) == ("high_value", "HighValue", 1), f"assignment {assignment}")
    batch = channel.stream_stream("/ledger.v1.Segments/ClassifyBatch", request_serializer=lambda m: m.SerializeToString(),
                                  response_deserializer=segments_pb2.ClassifyResponse.FromString)
    requests = [segments_pb2.ClassifyRequest(customer_id=c) for c in (customer, 987654, customer)]
    answers = list(batch(iter(requests), metadata=ACTOR, timeout=TIMEOUT))
    check([a.customer_id for a in answers] == [customer, 987654, customer], f"ClassifyBatch answers in order {answers}")
    check(len(answers[0].assignments) == 9 and len(answers[2].assignments) == 9 and answers[0].error == "", f"ClassifyBatch {answers}")
    check(answers[1].error_code == grpc.StatusCode.NOT_FOUND.value[0] and "987654" in answers[1].error, f"ClassifyBatch unknown item {answers[1]}")
    check(assignment.display_name.startswith("高价值"), f"display name {assignment.display_name!r}")
    history = segments(channel, "GetHistory", segments_pb2.GetHistoryRequest(customer_id=customer, dimension="value_tier"), segments_pb2.GetHistoryResponse)
    newest = history.changes[0]
    check((newest.from_segment, newest.to_segment, newest.rule, newest.workflow_version, newest.cause) == ("low_value", "high_value", "HighValue", 1, "write"),
          f"history {newest}")
    check(newest.sequence == change.sequence, "history and watch agree on the sequence")

    explained = segments(channel, "Explain", segments_pb2.ExplainRequest(customer_id=customer, dimension="value_tier"), segments_pb2.ExplainResponse)
    check(explained.segment == "high_value" and explained.rules[0].success, f"explain {explained}")
    check(any("TotalSpend = 120000" in s for s in explained.rules[0].steps), f"explain shows the value read: {list(explained.rules[0].steps)}")
    print(json.dumps({"customer": customer, "sequence": change.sequence}))


def scenario_preview_publish(channel):
    """A draft's preview equals the moves that publishing it then makes."""
    ids = [create_customer(channel, f"pp-{i}") for i in range(6)]
    for i, customer in enumerate(ids):
        sale(channel, customer, (i + 1) * 1_500_000)  # 15,000 .. 90,000 yuan: all medium value today
    current = rules(channel, "GetWorkflow", rules_pb2.GetWorkflowRequest(name="value_tier"), rules_pb2.WorkflowVersion)
    draft = json.loads(current.workflow_json)
    draft["Rules"][0]["Expression"] = "customer.TotalSpend >= 50000"
    draft_json = json.dumps(draft, ensure_ascii=False)

    preview = rules(channel, "PreviewWorkflow", rules_pb2.PreviewWorkflowRequest(workflow_json=draft_json, samples_per_move=10), rules_pb2.PreviewWorkflowResponse)
    moves = {(m.from_segment, m.to_segment): m.count for m in preview.moves}
    check(moves == {("medium_value", "high_value"): 3}, f"preview moves {moves}")
    check(sorted(preview.moves[0].sample_customer_ids) == sorted(ids[3:]), f"preview samples {list(preview.moves[0].sample_customer_ids)}")
    check(segment_of(channel, ids[5], "value_tier").segment == "medium_value", "preview changes nothing")

    expect_status(grpc.StatusCode.ABORTED, lambda: rules(channel, "PublishWorkflow", rules_pb2.PublishWorkflowRequest(
        workflow_json=draft_json, comment="stale", expected_version=current.version + 5), rules_pb2.PublishWorkflowResponse), "stale expected_version")

    after = max(last_sequence(channel, c) for c in ids)
    stream = watch(channel, after, "value_tier")
    published = rules(channel, "PublishWorkflow", rules_pb2.PublishWorkflowRequest(workflow_json=draft_json, comment="lower the bar",
                                                                                    expected_version=current.version), rules_pb2.PublishWorkflowResponse)
    check(published.version == current.version + 1, f"new version {published.version}")
    made = {}
    for _ in range(sum(moves.values())):
        change = next(stream)
        check(change.cause == "publish" and change.workflow_version == published.version, f"publish change {change}")
        made[(change.from_segment, change.to_segment)] = made.get((change.from_segment, change.to_segment), 0) + 1
    stream.cancel()
    check(made == moves, f"publish made {made}, preview said {moves}")
    while True:
        job = rules(channel, "GetReclassification", rules_pb2.GetReclassificationRequest(id=published.reclassification_id), rules_pb2.Reclassification)
        if job.done:
            break
    check(job.error == "" and job.processed == job.total, f"re-classification {job}")
    check(segment_of(channel, ids[5], "value_tier").rule == "HighValue", "after publish the customer is served from the new version")
    versions = rules(channel, "ListVersions", rules_pb2.ListVersionsRequest(name="value_tier"), rules_pb2.ListVersionsResponse)
    check(versions.versions[0].author == "key:admin" and versions.versions[0].comment == "lower the bar", f"version record {versions.versions[0]}")
    print(json.dumps({"moves": sum(moves.values())}))


def scenario_watch_resume(channel):
    """A watcher that disconnects and resumes from its last sequence misses nothing."""
    customer = create_customer(channel, "resume-1")
    start = last_sequence(channel, customer)
    first = watch(channel, start)
    seen = []
    sale(channel, customer, 2_000_000)  # medium value, and new in lifecycle
    seen.append(next(first))
    first.cancel()
    # While nobody watches: more changes.
    sale(channel, customer, 20_000_000)  # high value
    other = create_customer(channel, "resume-2")
    sale(channel, other, 2_000_000)
    end = max(last_sequence(channel, customer), last_sequence(channel, other))
    second = watch(channel, seen[-1].sequence)
    while seen[-1].sequence < end:
        seen.append(next(second))
    second.cancel()
    sequences = [c.sequence for c in seen]
    check(sequences == list(range(start + 1, end + 1)), f"gap or duplicate in {sequences} (expected {start + 1}..{end})")
    print(json.dumps({"delivered": len(seen)}))


def scenario_validation(channel):
    """Bad requests get the right status and a message a person can act on."""
    c = lambda: segments(channel, "Classify", segments_pb2.ClassifyRequest(customer_id=987654), segments_pb2.ClassifyResponse)
    expect_status(grpc.StatusCode.NOT_FOUND, c, "unknown customer")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: segments(channel, "Classify", segments_pb2.ClassifyRequest(), segments_pb2.ClassifyResponse), "missing customer_id")
    customer = create_customer(channel, "validation-1")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: segments(channel, "Explain", segments_pb2.ExplainRequest(customer_id=customer, dimension="nope"), segments_pb2.ExplainResponse), "unknown dimension")
    message = expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: rules(channel, "PublishWorkflow", rules_pb2.PublishWorkflowRequest(
        workflow_json='{"WorkflowName": "bad", "Rules": [{"RuleName": "R", "Expression": "customer.TotalSpnd > 1"}]}'), rules_pb2.PublishWorkflowResponse), "bad expression")
    check("TotalSpnd" in message, f"the message names the unknown member: {message}")
    validated = rules(channel, "ValidateWorkflow", rules_pb2.ValidateWorkflowRequest(workflow_json='{"WorkflowName": "w", "Rules": [ }'), rules_pb2.ValidateWorkflowResponse)
    check(not validated.valid and validated.diagnostics[0].line == 1, f"JSON error position {validated}")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: segments(channel, "Evaluate", segments_pb2.EvaluateRequest(
        features=segments_pb2.FeatureValues(values={"TotalSpent": "1"})), segments_pb2.ClassifyResponse), "unknown feature")
    evaluated = segments(channel, "Evaluate", segments_pb2.EvaluateRequest(features_json='{"TotalSpend": 150000, "OrderCount": 3}', dimensions=["value_tier"]), segments_pb2.ClassifyResponse)
    check([(a.dimension, a.segment) for a in evaluated.assignments] == [("value_tier", "high_value")], f"evaluate {evaluated}")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: rules(channel, "RollbackWorkflow", rules_pb2.RollbackWorkflowRequest(name="value_tier", to_version=99), rules_pb2.PublishWorkflowResponse), "unknown version")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: segments(channel, "SetOverride", segments_pb2.SetOverrideRequest(customer_id=customer, dimension="value_tier", segment="vip"), segments_pb2.Override), "override without reason")
    manual = segments(channel, "SetOverride", segments_pb2.SetOverrideRequest(customer_id=customer, dimension="value_tier", segment="strategic", reason="Board decision"), segments_pb2.Override)
    check(manual.author == "key:admin", f"override author is the authenticated key (an admin key's x-ledger-actor is ignored): {manual}")
    assignment = segment_of(channel, customer, "value_tier")
    check(assignment.segment == "strategic" and assignment.overridden, f"override applied {assignment}")
    history = segments(channel, "GetHistory", segments_pb2.GetHistoryRequest(customer_id=customer, dimension="value_tier"), segments_pb2.GetHistoryResponse)
    check(history.changes[0].cause == "manual", f"override recorded as manual {history.changes[0]}")
    # The manual classification tree: hierarchical codes, customers on leaves.
    segments(channel, "UpsertCategory", segments_pb2.UpsertCategoryRequest(code="01", name="华东 East"), segments_pb2.Category)
    leaf = segments(channel, "UpsertCategory", segments_pb2.UpsertCategoryRequest(code="0102", name="上海 Shanghai"), segments_pb2.Category)
    check(leaf.parent_code == "01" and leaf.is_leaf, f"category {leaf}")
    expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: segments(channel, "UpsertCategory", segments_pb2.UpsertCategoryRequest(code="0305", name="orphan"), segments_pb2.Category), "category without parent")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: segments(channel, "UpsertCategory", segments_pb2.UpsertCategoryRequest(code="1", name="odd"), segments_pb2.Category), "odd-length code")
    expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: segments(channel, "AssignCategory", segments_pb2.AssignCategoryRequest(customer_id=customer, code="01"), segments_pb2.AssignCategoryResponse), "assign to a non-leaf")
    segments(channel, "AssignCategory", segments_pb2.AssignCategoryRequest(customer_id=customer, code="0102"), segments_pb2.AssignCategoryResponse)
    classified = segments(channel, "Classify", segments_pb2.ClassifyRequest(customer_id=customer), segments_pb2.ClassifyResponse)
    check(classified.category_code == "0102", f"category assignment {classified.category_code!r}")
    tree = segments(channel, "ListCategories", segments_pb2.ListCategoriesRequest(), segments_pb2.ListCategoriesResponse)
    check([(c.code, c.is_leaf) for c in tree.categories] == [("01", False), ("0102", True)], f"tree {tree}")
    print(json.dumps({"ok": True}))


def scenario_time_phase1(channel, now_seconds):
    customer = create_customer(channel, "time-1")
    sale(channel, customer, 1_000_000, at_seconds=now_seconds)
    check(segment_of(channel, customer, "lifecycle").segment == "new", "one recent purchase makes a new customer")
    print(json.dumps({"customer": customer, "after": last_sequence(channel, customer)}))


def scenario_time_phase2(channel, customer, after):
    stream = watch(channel, after, "lifecycle")
    change = next(stream)
    stream.cancel()
    check((change.customer_id, change.from_segment, change.to_segment, change.cause) == (customer, "new", "silent", "sweep"), f"time-driven change {change}")
    print(json.dumps({"sequence": change.sequence}))


def scenario_after_restart(channel, customer, sequence):
    """After a restart the customer is still where the write put it, and the history survived."""
    assignment = segment_of(channel, customer, "value_tier")
    check((assignment.segment, assignment.rule) == ("high_value", "HighValue"), f"after restart {assignment}")
    history = segments(channel, "GetHistory", segments_pb2.GetHistoryRequest(customer_id=customer, dimension="value_tier"), segments_pb2.GetHistoryResponse)
    check(history.changes[0].sequence == sequence and history.changes[0].to_segment == "high_value", f"history after restart {history.changes[0]}")
    check(int(assignment.since.seconds) == int(history.changes[0].at.seconds), "since is when the customer entered the segment")
    print(json.dumps({"ok": True}))


def main():
    scenario, address = sys.argv[1], sys.argv[2]
    with ledger_channel.insecure_channel(address) as channel:
        grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
        if scenario == "time_phase1":
            scenario_time_phase1(channel, int(sys.argv[3]))
        elif scenario == "after_restart":
            scenario_after_restart(channel, int(sys.argv[3]), int(sys.argv[4]))
        elif scenario == "time_phase2":
            scenario_time_phase2(channel, int(sys.argv[3]), int(sys.argv[4]))
        else:
            globals()["scenario_" + scenario](channel)


if __name__ == "__main__":
    main()
