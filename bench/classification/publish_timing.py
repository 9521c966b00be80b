"""Times what a publish costs on a running server: PreviewWorkflow of a changed value_tier, then PublishWorkflow
until its background re-classification is done, then Classify throughput over one channel.
Usage: publish_timing.py HOST:PORT  (message modules from protoc --python_out on PYTHONPATH)."""
import json
import os
import sys
import time


from ledger.v1 import rules_pb2, segments_pb2
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import keyed_channel  # noqa: E402  (sends LEDGERGRPC_KEY: every call but health needs a key)


def unary(channel, path, request, response_type):
    return channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(),
                               response_deserializer=response_type.FromString)(request, metadata=[("x-ledger-actor", "bench")], timeout=600)


def main():
    with keyed_channel.insecure_channel(sys.argv[1]) as channel:
        current = unary(channel, "/ledger.v1.Rules/GetWorkflow", rules_pb2.GetWorkflowRequest(name="value_tier"), rules_pb2.WorkflowVersion)
        draft = json.loads(current.workflow_json)
        bar = "customer.TotalSpend >= 50000" if "100000" in draft["Rules"][0]["Expression"] else "customer.TotalSpend >= 100000 || (customer.HasPurchased && customer.SpendPercentile >= 80)"
        draft["Rules"][0]["Expression"] = bar
        draft_json = json.dumps(draft, ensure_ascii=False)
        started = time.perf_counter()
        preview = unary(channel, "/ledger.v1.Rules/PreviewWorkflow", rules_pb2.PreviewWorkflowRequest(workflow_json=draft_json), rules_pb2.PreviewWorkflowResponse)
        preview_s = time.perf_counter() - started
        started = time.perf_counter()
        published = unary(channel, "/ledger.v1.Rules/PublishWorkflow", rules_pb2.PublishWorkflowRequest(
            workflow_json=draft_json, comment="bench", expected_version=current.version), rules_pb2.PublishWorkflowResponse)
        while True:
            job = unary(channel, "/ledger.v1.Rules/GetReclassification", rules_pb2.GetReclassificationRequest(id=published.reclassification_id), rules_pb2.Reclassification)
            if job.done:
                break
            time.sleep(0.05)
        publish_s = time.perf_counter() - started
        calls = 5000
        started = time.perf_counter()
        classify = channel.unary_unary("/ledger.v1.Segments/Classify", request_serializer=lambda m: m.SerializeToString(),
                                       response_deserializer=segments_pb2.ClassifyResponse.FromString)
        futures = [classify.future(segments_pb2.ClassifyRequest(customer_id=1 + i % preview.customers)) for i in range(calls)]
        for f in futures:
            f.result()
        classify_rate = calls / (time.perf_counter() - started)
        print(json.dumps({"customers": preview.customers, "moves": sum(m.count for m in preview.moves), "preview_s": round(preview_s, 3),
                          "publish_reclassification_s": round(publish_s, 3), "changed": job.changed, "python_classify_per_s": round(classify_rate)}))


if __name__ == "__main__":
    main()
