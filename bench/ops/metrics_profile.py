"""Reads `perf script` output (call-graph samples) on stdin and prints the share of samples whose stack passes through
each part of the metrics path (inclusive: a sample counts for every part on its stack), then each part's outermost
frames (where its samples entered it). Used by bench/ops/metrics_profile.sh."""
import collections
import sys

# Part name -> substrings of a frame's symbol (perf-PID.map names: [Assembly] Namespace.Type::Method(...)).
PARTS = [
    ("ASP.NET Core hosting metrics (request duration, active requests)", ["Microsoft.AspNetCore.Hosting.HostingMetrics"]),
    ("Kestrel metrics (connections, queued requests)", ["KestrelMetrics"]),
    ("Kestrel memory pool metrics (rented, pooled)", ["MemoryPoolMetrics"]),
    ("System.Diagnostics.Metrics (instrument -> listeners)", ["System.Diagnostics.Metrics."]),
    ("OpenTelemetry SDK (aggregation, tag lookup)", ["OpenTelemetry.Metrics.", "OpenTelemetry.Sdk"]),
    ("  of which exemplars", ["Exemplar"]),
    ("  of which tag lookup/sort (AggregatorStore.Find*, Tags)", ["AggregatorStore::Find", "OpenTelemetry.Metrics.Tags", "LookupAggregatorStore"]),
    ("  of which histogram update", ["HistogramBuckets", "UpdateHistogram", "MetricPoint::Update"]),
    ("ledger's own meters (LedgerTelemetry)", ["LedgerGrpc.Ledger.LedgerTelemetry", "LedgerWriter::RecordCommitted"]),
    ("gRPC calls counted by the server (GrpcCallMetrics)", ["LedgerGrpc.Server.Operations.GrpcCallMetrics"]),
]


def samples(lines):
    stack = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line.startswith((" ", "\t")):
            parts = line.strip().split(" ", 1)
            stack.append(parts[1] if len(parts) > 1 else parts[0])
    if stack:
        yield stack


def main():
    total = 0
    hits = collections.Counter()
    entry = collections.Counter()
    anywhere = 0
    for stack in samples(sys.stdin):
        total += 1
        if any(n in frame for _, needles in PARTS for n in needles for frame in stack):
            anywhere += 1
        for name, needles in PARTS:
            # The outermost frame of the part: which instrument or method the samples came through.
            outer = next((frame for frame in reversed(stack) if any(n in frame for n in needles)), None)
            if outer is not None:
                hits[name] += 1
                entry[(name, outer[:150])] += 1
    if total == 0:
        print("no samples (is perf allowed to record this process?)")
        return
    print(f"samples: {total}")
    print(f"{100.0 * anywhere / total:6.2f}%  any of the parts below (metrics' share of the server's CPU)")
    for name, _ in PARTS:
        print(f"{100.0 * hits[name] / total:6.2f}%  {name}")
    print("each part's outermost frames (where the samples entered it):")
    for (name, frame), n in entry.most_common(25):
        print(f"{100.0 * n / total:6.2f}%  {name[:40]}: {frame}")


main()
