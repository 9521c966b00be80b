using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LedgerGrpc.Ledger;

/// <summary>
/// The ledger's meter and activity source (System.Diagnostics: nothing is recorded unless a listener, such as the
/// server's OpenTelemetry set-up, subscribes). Metrics: writer queue depth (observed at collection), batch size, commit
/// latency, commands committed and batches failed. Traces: a "ledger.write" span per command (child of the caller's RPC span) from
/// queueing to acknowledgement, and a "ledger.commit" span per batch linked to the commands it carried.
/// </summary>
public static class LedgerTelemetry
{
    public const string Name = "LedgerGrpc.Ledger";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static LedgerWriter? _writer;

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "ledger.writer.batch.size", "{command}", "Commands per committed batch (group commit).");

    internal static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "ledger.writer.commit.duration", "s", "From a batch's first statement to its durable commit, commit hooks (classification) included.");

    internal static readonly Counter<long> CommandsCommitted = Meter.CreateCounter<long>(
        "ledger.writer.commands.committed", "{command}", "Commands committed (acknowledged to their callers), by command.");

    internal static readonly Counter<long> BatchesFailed = Meter.CreateCounter<long>(
        "ledger.writer.batches.failed", "{batch}", "Batches rolled back whole (their callers got the error).");

    static LedgerTelemetry()
    {
        // Observed when collected, from the writer's own count: an instrument updated per command (up at the queue, down
        // at the take) was a tag-set lookup in the metrics SDK on every call, for a figure read once per scrape.
        Meter.CreateObservableUpDownCounter("ledger.writer.queue.depth", () => _writer?.Stats.QueueDepth ?? 0, "{command}",
            "Commands queued for the writer and not yet taken into a batch.");
    }

    /// <summary>The writer the queue depth is read from (the server has one; the last one started).</summary>
    internal static void Observe(LedgerWriter writer) => _writer = writer;
}
