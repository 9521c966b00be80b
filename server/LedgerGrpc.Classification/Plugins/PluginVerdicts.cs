using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// The answers of a snapshot's plugins for a batch of customers, asked once per plugin per batch (one watchdog hand-off
/// per batch instead of per customer) before the customers' memberships are computed. Reusable: a re-classification
/// keeps one per thread and refills it chunk after chunk.
/// </summary>
public sealed class PluginVerdicts
{
    private readonly LoadedPlugin[] _plugins;
    private readonly HostResult[][] _results;
    private readonly bool[] _answered;

    public PluginVerdicts(IReadOnlyList<LoadedPlugin> plugins)
    {
        _plugins = [.. plugins];
        _results = [.. _plugins.Select(_ => Array.Empty<HostResult>())];
        _answered = new bool[_plugins.Length];
    }

    /// <summary>The plugins of <paramref name="snapshot"/> answer for <paramref name="customers"/>; null when the
    /// snapshot has no plugin dimensions (nothing to ask).</summary>
    public static PluginVerdicts? For(ClassifierSnapshot snapshot, IReadOnlyList<CustomerFeatures> customers)
    {
        if (snapshot.Plugins.Count == 0) return null;
        var verdicts = new PluginVerdicts(snapshot.Plugins);
        verdicts.Fill(customers);
        return verdicts;
    }

    /// <summary>Asks every plugin about <paramref name="customers"/>, replacing the previous batch's answers.</summary>
    public void Fill(IReadOnlyList<CustomerFeatures> customers)
    {
        for (var p = 0; p < _plugins.Length; p++)
        {
            if (_results[p].Length < customers.Count)
            {
                var grown = new HostResult[Math.Max(customers.Count, _results[p].Length * 2)];
                _results[p].CopyTo(grown, 0);
                for (var i = _results[p].Length; i < grown.Length; i++) grown[i] = new HostResult();
                _results[p] = grown;
            }

            _answered[p] = _plugins[p].ClassifyBatch(customers, _results[p]);
        }
    }

    public PluginVerdictRow Row(int index) => new(this, index);

    /// <summary>False when <paramref name="plugin"/> was not asked for this batch; otherwise its answer for the
    /// customer at <paramref name="index"/>, null when it gave none (quarantined, or its call abandoned).</summary>
    internal bool TryFind(LoadedPlugin plugin, int index, out HostResult? answer)
    {
        for (var p = 0; p < _plugins.Length; p++)
        {
            if (ReferenceEquals(_plugins[p], plugin))
            {
                answer = _answered[p] ? _results[p][index] : null;
                return true;
            }
        }

        answer = null;
        return false;
    }
}

/// <summary>One customer's row of a <see cref="PluginVerdicts"/>; the default row has no answers (plugin dimensions
/// then ask their plugin for that customer alone).</summary>
public readonly record struct PluginVerdictRow(PluginVerdicts? Verdicts, int Index);
