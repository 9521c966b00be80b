using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>Listens to the operations meter's plugin counters (<c>classification.plugin.*</c>) with the tags they carry.
/// Process-wide: other tests' plugins show too, so assertions name the plugin.</summary>
internal sealed class PluginMeter : IDisposable
{
    private readonly MeterListener _listener = new();

    public PluginMeter()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClassificationTelemetry.Name && instrument.Name.StartsWith("classification.plugin.", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? plugin = null, reason = null;
            foreach (var t in tags)
            {
                if (t.Key == "plugin") plugin = t.Value as string;
                else if (t.Key == "reason") reason = t.Value as string;
            }

            Measured.Enqueue((instrument.Name, plugin, reason, value));
        });
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, string? Plugin, string? Reason, long Value)> Measured { get; } = new();

    public void Dispose() => _listener.Dispose();
}
