using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LedgerGrpc.Ledger;

/// <summary>
/// The ledger's meter and activity source (System.Diagnostics: nothing is recorded unless a listener, such as the
/// server's OpenTelemetry set-up, subscribes). Metrics: writer queue depth, batch size, commit latency, commands
/// committed and batches failed. Traces: a "ledger.write" span per command (child of the caller's RPC span) from
/// queueing to acknowledgement, and a "ledger.commit" span per batch linked to the commands it carried.
/// </summary>
public static class LedgerTelemetry
{
    public const string Name = "LedgerGrpc.Ledger";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>(
        "ledger.writer.queue.depth", "{command}", "Commands queued for the writer and not yet taken into a batch.");

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "ledger.writer.batch.size", "{command}", "Commands per committed batch (group commit).");

    internal static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "ledger.writer.commit.duration", "s", "From a batch's first statement to its durable commit, commit hooks (classification) included.");

    internal static readonly Counter<long> CommandsCommitted = Meter.CreateCounter<long>(
        "ledger.writer.commands.committed", "{command}", "Commands committed (acknowledged to their callers), by command.");

    internal static readonly Counter<long> BatchesFailed = Meter.CreateCounter<long>(
        "ledger.writer.batches.failed", "{batch}", "Batches rolled back whole (their callers got the error).");
}
