"""Workflow safety checks at the Rules RPCs, driven by Python grpcio: workflow names, the workflow checks RulesEngine
makes at registration, and the dry run on a sample of the ledger that Validate/Preview/Publish report and Publish
enforces (error share unless forced, CPU cost budget always).

Usage: rules_safety.py SCENARIO ADDRESS; exits non-zero with a message on the first failed check.
"""
import json
import sys

import grpc
import ledger_channel

from classification_flows import TIMEOUT, check, create_customer, expect_status, rules
from ledger.v1 import rules_pb2

BAD_NAMES = ["../../etc/x", "x'; DROP TABLE customers;--", "a" * 65, "名字", ""]


def workflow(name, expression, **rule):
    return json.dumps({"WorkflowName": name, "Rules": [dict({"RuleName": "R", "Expression": expression}, **rule)]})


def publish(channel, json_text, force=False, expected_version=0):
    return rules(channel, "PublishWorkflow", rules_pb2.PublishWorkflowRequest(workflow_json=json_text, comment="safety", force=force,
                                                                             expected_version=expected_version), rules_pb2.PublishWorkflowResponse)


def validate(channel, json_text):
    return rules(channel, "ValidateWorkflow", rules_pb2.ValidateWorkflowRequest(workflow_json=json_text), rules_pb2.ValidateWorkflowResponse)


def names(channel):
    before = rules(channel, "ListWorkflows", rules_pb2.ListWorkflowsRequest(), rules_pb2.ListWorkflowsResponse)
    for name in BAD_NAMES:
        message = expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: publish(channel, workflow(name, "customer.OrderCount > 1")), f"publish {name!r}")
        check("letters, digits" in message or "required" in message, f"publish {name!r}: the message should give the pattern: {message}")
        response = validate(channel, workflow(name, "customer.OrderCount > 1"))
        check(not response.valid and any("not allowed" in d.message or "required" in d.message for d in response.diagnostics), f"validate {name!r}: {response}")
        if name:
            expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: rules(channel, "GetWorkflow", rules_pb2.GetWorkflowRequest(name=name), rules_pb2.WorkflowVersion), f"get {name!r}")
            expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: rules(channel, "ListVersions", rules_pb2.ListVersionsRequest(name=name), rules_pb2.ListVersionsResponse), f"versions {name!r}")
            expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: rules(channel, "DeleteWorkflow", rules_pb2.DeleteWorkflowRequest(name=name, comment="x"), rules_pb2.DeleteWorkflowResponse), f"delete {name!r}")
            expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: rules(channel, "RollbackWorkflow", rules_pb2.RollbackWorkflowRequest(name=name, to_version=1), rules_pb2.PublishWorkflowResponse), f"rollback {name!r}")
    after = rules(channel, "ListWorkflows", rules_pb2.ListWorkflowsRequest(), rules_pb2.ListWorkflowsResponse)
    check([w.name for w in after.workflows] == [w.name for w in before.workflows], "refused publishes stored nothing")
    ok = publish(channel, workflow("good_name-2", "customer.OrderCount > 1"))
    check(ok.name == "good_name-2" and ok.version == 1, f"a valid name publishes: {ok}")
    print(json.dumps({"ok": True}))


def registration_checks(channel):
    # What RulesEngine 6.0.1 refuses when the workflow is registered is an error here too, even in a disabled rule.
    cases = {
        "empty Expression": (workflow("w", ""), "Expression cannot be null or empty"),
        "empty Expression, disabled": (workflow("w", "", Enabled=False), "Expression cannot be null or empty"),
        "duplicate LocalParams": (workflow("w", "a == 1", LocalParams=[{"Name": "a", "Expression": "1"}, {"Name": "a", "Expression": "2"}]),
                                  "Duplicate LocalParam name 'a'"),
        "nested rule without rules": (json.dumps({"WorkflowName": "w", "Rules": [{"RuleName": "R", "Operator": "And", "Rules": []}]}),
                                      "Atleast one of Rules or WorkflowsToInject"),
        "unknown action": (workflow("w", "customer.OrderCount > 1", Actions={"OnSuccess": {"Name": "NoSuchAction", "Context": {}}}), "NoSuchAction"),
    }
    for what, (text, expected) in cases.items():
        response = validate(channel, text)
        check(not response.valid, f"{what}: should be invalid: {response}")
        check(any(expected in d.message and d.severity == "error" for d in response.diagnostics), f"{what}: expected an error containing {expected!r}: {response.diagnostics}")
        expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: publish(channel, text), f"publish with {what}")
    print(json.dumps({"ok": True}))


def publish_safety(channel):
    ids = [create_customer(channel, f"safety-{i}", name=("Al" if i < 2 else f"Customer number {i}")) for i in range(10)]
    throws_for_all = workflow("always_throws", "customer.Name.Substring(100) == \"x\"")
    # Validate and Preview report the error counts per rule on the sample.
    response = validate(channel, throws_for_all)
    check(response.valid, f"the draft compiles: {response.diagnostics}")
    stats = {r.rule: r for r in response.sample.rules}
    check(response.sample.customers >= 10 and stats["R"].errors == response.sample.customers, f"validate sample: {response.sample}")
    check("ArgumentOutOfRange" in stats["R"].first_error or "startIndex" in stats["R"].first_error or "length" in stats["R"].first_error,
          f"the first error is the rule's exception: {stats['R'].first_error}")
    preview = rules(channel, "PreviewWorkflow", rules_pb2.PreviewWorkflowRequest(workflow_json=throws_for_all), rules_pb2.PreviewWorkflowResponse)
    check(preview.sample.rules[0].errors == preview.sample.customers, f"preview sample: {preview.sample}")
    # Publishing refuses it unless forced, and the refusal changes nothing.
    message = expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: publish(channel, throws_for_all), "publish a rule that throws for everyone")
    check("'R'" in message and "force" in message, f"the refusal names the rule and the way out: {message}")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: rules(channel, "GetWorkflow", rules_pb2.GetWorkflowRequest(name="always_throws"), rules_pb2.WorkflowVersion), "nothing stored")
    forced = publish(channel, throws_for_all, force=True)
    check(forced.version == 1 and forced.sample.rules[0].errors == forced.sample.customers, f"forced publish: {forced}")
    # A rule that fails for a minority of customers (the two short names) publishes, with its count reported.
    some = publish(channel, workflow("sometimes_throws", "customer.Name.Substring(3) != \"\""))
    check(some.sample.rules[0].errors == 2 and some.sample.customers >= 10, f"minority failures are reported, not refused: {some.sample}")
    print(json.dumps({"ok": True, "customers": len(ids)}))


def cost_budget(channel):
    for i in range(5):
        create_customer(channel, f"cost-{i}")
    expensive = workflow("expensive", "customer.Name.PadLeft(50000).Replace(\" \", \"ab\").Length > 0")
    response = validate(channel, expensive)
    check(response.sample.cost_micros_per_customer > response.sample.budget_micros_per_customer, f"validate shows the cost over budget: {response.sample}")
    for force in (False, True):
        message = expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: publish(channel, expensive, force=force), f"publish over budget (force={force})")
        check("'R'" in message and "µs" in message and "PublishCostBudget" in message, f"the refusal names the rule and its cost: {message}")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: rules(channel, "GetWorkflow", rules_pb2.GetWorkflowRequest(name="expensive"), rules_pb2.WorkflowVersion), "nothing stored")
    print(json.dumps({"ok": True}))


def main():
    scenario, address = sys.argv[1], sys.argv[2]
    with ledger_channel.insecure_channel(address) as channel:
        grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
        globals()[scenario](channel)


if __name__ == "__main__":
    main()
