using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Operations;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Operations;

/// <summary>Gathers GetServerStats' figures from memory (the writer's stats, the engine, the plugin host, the GC):
/// a dashboard may ask every second, so nothing here reads SQLite.</summary>
public sealed class ServerStatsReader(ClassificationEngine engine, LedgerWriter writer, PluginHost plugins, ServerStart start, TimeProvider time)
{
    /// <summary>The window recent rates are averaged over.</summary>
    private const int RecentSeconds = 10;

    public V1.ServerStats Read()
    {
        var (loaded, toLoad) = engine.LoadProgress;
        var memory = GC.GetGCMemoryInfo();
        return new V1.ServerStats
        {
            Version = ServerVersion.Current,
            StartedAt = Timestamp.FromDateTimeOffset(start.At),
            Uptime = Duration.FromTimeSpan(time.GetUtcNow() - start.At),
            Customers = engine.IsReady ? engine.State.Count : toLoad,
            Dimensions = engine.Snapshot.Dimensions.Count,
            Writer = Writer(writer.Stats),
            Classification = Classification(loaded, toLoad),
            Plugins = Plugins(plugins.List()),
            Memory = new V1.MemoryStats
            {
                WorkingSetBytes = Environment.WorkingSet,
                ManagedHeapBytes = memory.HeapSizeBytes,
                GcCommittedBytes = memory.TotalCommittedBytes,
            },
        };
    }

    private static V1.WriterStats Writer(LedgerWriterStats stats)
    {
        var history = stats.Recent();
        var recent = history.Skip(history.Count - RecentSeconds).ToList();
        var commands = recent.Sum(s => s.Commands);
        var batches = recent.Sum(s => s.Batches);
        var result = new V1.WriterStats
        {
            QueueDepth = stats.QueueDepth,
            WritesPerSecond = (double)commands / RecentSeconds,
            MeanBatchSize = batches == 0 ? 0 : (double)commands / batches,
            LargestBatchSize = recent.Count == 0 ? 0 : recent.Max(s => s.LargestBatch),
            MeanCommitMillis = batches == 0 ? 0 : recent.Sum(s => s.CommitSeconds) * 1000 / batches,
            CommandsCommitted = stats.CommandsCommitted,
            BatchesCommitted = stats.BatchesCommitted,
            BatchesFailed = stats.BatchesFailed,
        };
        result.WritesPerSecondHistory.AddRange(history.Select(s => s.Commands));
        return result;
    }

    private V1.ClassificationStats Classification(long loaded, long toLoad)
    {
        var result = new V1.ClassificationStats
        {
            State = engine.IsReady ? "ready" : engine.LoadFailed ? "failed" : "loading",
            CustomersLoaded = loaded,
            CustomersToLoad = toLoad,
            LastChangeSequence = engine.Feed.LastSequence,
            Watchers = engine.Feed.Watchers,
            LastSweep = engine.Jobs.LastSweep is { } sweep ? JobMapping.ToJob(sweep) : null,
        };
        result.ActiveJobs.AddRange(engine.Jobs.Active().Select(JobMapping.ToJob));
        return result;
    }

    private static V1.PluginStats Plugins(IReadOnlyCollection<PluginInfo> all) => new()
    {
        Loaded = all.Count(p => p.Status == PluginStatus.Loaded),
        PendingApproval = all.Count(p => p.Status == PluginStatus.PendingApproval),
        Quarantined = all.Count(p => p.Status == PluginStatus.Quarantined),
        Disabled = all.Count(p => p.Status == PluginStatus.Disabled),
        Failed = all.Count(p => p.Status == PluginStatus.Failed),
        Calls = all.Sum(p => p.Calls),
        Errors = all.Sum(p => p.Errors),
    };
}
