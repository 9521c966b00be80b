using System.Diagnostics;
using System.Diagnostics.Metrics;
using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification;

/// <summary>
/// Classification's meter (System.Diagnostics: nothing is recorded unless a listener subscribes): segment changes,
/// re-classification jobs and the running job's progress, change-feed watchers and their lag, classifier plugin calls
/// and errors (for the plugin host), the customers held in memory and whether classification is serving.
/// </summary>
public static class ClassificationTelemetry
{
    public const string Name = "LedgerGrpc.Classification";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static ClassificationEngine? _engine;

    internal static readonly Counter<long> SegmentChanges = Meter.CreateCounter<long>(
        "classification.segment.changes", "{change}", "Membership changes committed (writes, jobs, overrides); its rate is segment changes per second.");

    internal static readonly Counter<long> Jobs = Meter.CreateCounter<long>(
        "classification.reclassification.jobs", "{job}", "Re-classification jobs finished, by cause and outcome.");

    internal static readonly UpDownCounter<long> Watchers = Meter.CreateUpDownCounter<long>(
        "classification.watchers", "{watcher}", "WatchChanges streams connected.");

    internal static readonly Histogram<long> WatcherLag = Meter.CreateHistogram<long>(
        "classification.watchers.lag", "{change}", "How many changes had been published after the one being delivered to a watcher.");

    /// <summary>For the plugin host: one call of a classifier plugin (tag "plugin" = its name).</summary>
    public static readonly Counter<long> PluginCalls = Meter.CreateCounter<long>(
        "classification.plugin.calls", "{call}", "Classifier plugin calls, by plugin.");

    /// <summary>For the plugin host: a plugin call that threw, timed out or broke its budget (tags "plugin", "reason").</summary>
    public static readonly Counter<long> PluginErrors = Meter.CreateCounter<long>(
        "classification.plugin.errors", "{error}", "Classifier plugin calls that failed, by plugin and reason.");

    static ClassificationTelemetry()
    {
        Meter.CreateObservableGauge("classification.customers", () => _engine?.State.Count ?? 0, "{customer}", "Customers held in memory.");
        Meter.CreateObservableGauge("classification.ready", () => _engine is { IsReady: true } ? 1 : 0, "", "1 once classification calls are served (0 while loading after a start).");
        Meter.CreateObservableGauge("classification.reclassification.progress", () => _engine?.Jobs.Running is { Total: > 0 } job ? (double)job.Processed / job.Total : 0,
            "1", "Share of customers the running re-classification job has computed (0 when none runs).");
        Meter.CreateObservableGauge("classification.memory.heap", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By",
            "Managed heap after the last collection: mostly classification's in-memory ledger (facts, features inputs, memberships).");
    }

    /// <summary>The engine the observable gauges read (the server has one).</summary>
    internal static void Observe(ClassificationEngine engine) => _engine = engine;
}
