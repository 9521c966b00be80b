using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// The answers of a snapshot's plugins (and of its workflows that call plugins' expression helpers) for a batch of
/// customers, asked once per plugin or workflow per batch (one watchdog hand-off per batch instead of per customer)
/// before the customers' memberships are computed. Reusable: a re-classification keeps one per thread and refills it
/// chunk after chunk.
/// </summary>
public sealed class PluginVerdicts
{
    private readonly LoadedPlugin[] _plugins;
    private readonly HostResult[][] _results;
    private readonly bool[] _answered;
    private readonly CompiledDimension[] _guarded;
    private readonly List<SegmentMatch>[][] _matches;
    private readonly bool[] _guardedAnswered;

    public PluginVerdicts(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyList<CompiledDimension>? guarded = null)
    {
        _plugins = [.. plugins];
        _results = [.. _plugins.Select(_ => Array.Empty<HostResult>())];
        _answered = new bool[_plugins.Length];
        _guarded = [.. guarded ?? []];
        _matches = [.. _guarded.Select(_ => Array.Empty<List<SegmentMatch>>())];
        _guardedAnswered = new bool[_guarded.Length];
    }

    public PluginVerdicts(ClassifierSnapshot snapshot)
        : this(snapshot.Plugins, snapshot.Guarded)
    {
    }

    /// <summary>The plugins and helper-bound workflows of <paramref name="snapshot"/> answer for
    /// <paramref name="customers"/>; null when the snapshot runs no plugin code (nothing to ask).</summary>
    public static PluginVerdicts? For(ClassifierSnapshot snapshot, IReadOnlyList<CustomerFeatures> customers)
    {
        if (!snapshot.RunsPluginCode) return null;
        var verdicts = new PluginVerdicts(snapshot);
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

        for (var g = 0; g < _guarded.Length; g++)
        {
            if (_matches[g].Length < customers.Count)
            {
                var grown = new List<SegmentMatch>[Math.Max(customers.Count, _matches[g].Length * 2)];
                _matches[g].CopyTo(grown, 0);
                for (var i = _matches[g].Length; i < grown.Length; i++) grown[i] = new List<SegmentMatch>(2);
                _matches[g] = grown;
            }

            _guardedAnswered[g] = _guarded[g].ClassifyBatch(customers, _matches[g]);
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

    /// <summary>False when <paramref name="workflow"/> was not evaluated for this batch; otherwise its segments for the
    /// customer at <paramref name="index"/>, null when it gave none (a bound plugin out of service, or the call
    /// abandoned).</summary>
    internal bool TryFind(CompiledDimension workflow, int index, out List<SegmentMatch>? matches)
    {
        for (var g = 0; g < _guarded.Length; g++)
        {
            if (ReferenceEquals(_guarded[g], workflow))
            {
                matches = _guardedAnswered[g] ? _matches[g][index] : null;
                return true;
            }
        }

        matches = null;
        return false;
    }
}

/// <summary>One customer's row of a <see cref="PluginVerdicts"/>; the default row has no answers (plugin dimensions
/// then ask their plugin for that customer alone).</summary>
public readonly record struct PluginVerdictRow(PluginVerdicts? Verdicts, int Index);
