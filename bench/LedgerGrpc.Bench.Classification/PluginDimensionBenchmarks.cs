using BenchmarkDotNet.Attributes;
using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Bench.Classification;

/// <summary>
/// A plugin dimension against a workflow dimension doing comparable work, in a full re-classification of 1,000,000
/// customers computed the way the engine's plan does it (features into reused records 256 at a time, memberships
/// computed and compared): the default workflow value_tier (spend against thresholds) as the baseline, the sample
/// Abc plugin (spend against Pareto thresholds from its population step, called 256 customers at a time inline on a
/// watched thread, as the engine's plan does) as the other. One thread each, so the ratio is CPU per customer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PluginDimensionBenchmarks
{
    private CustomerFacts[] _facts = [];
    private CustomerFeatures[] _features = [];
    private ClassifierSnapshot _workflow = ClassifierSnapshot.Empty;
    private ClassifierSnapshot _plugin = ClassifierSnapshot.Empty;
    private Membership[][] _workflowMemberships = [];
    private Membership[][] _pluginMemberships = [];
    private LoadedPlugin? _abc;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var calculator = new FeatureCalculator();
        _facts = SyntheticLedger.Create(Customers);
        _features = [.. _facts.Select(f => calculator.Calculate(f, SyntheticLedger.AsOf))];
        var valueTier = DefaultWorkflows.Load().Single(w => w.Name == "value_tier").Json;
        _workflow = new ClassifierSnapshot([DimensionCompiler.Compile(valueTier, 1).Dimension!]);
        _abc = SamplePlugin.Load("Abc");
        _abc.Prepare(_features);
        _plugin = new ClassifierSnapshot(_abc.Dimensions);
        _workflowMemberships = [.. _features.Select(f => MembershipCalculator.Compute(_workflow, f, [], _ => null, SyntheticLedger.AsOf))];
        var verdicts = new PluginVerdicts(_plugin.Plugins);
        _pluginMemberships = new Membership[_features.Length][];
        for (var start = 0; start < _features.Length; start += 256)
        {
            var batch = new ArraySegment<CustomerFeatures>(_features, start, Math.Min(256, _features.Length - start));
            verdicts.Fill(batch);
            for (var k = 0; k < batch.Count; k++)
            {
                _pluginMemberships[start + k] = MembershipCalculator.Compute(_plugin, batch[k], [], _ => null, SyntheticLedger.AsOf, verdicts.Row(k));
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _abc?.Unload();

    [Benchmark(Baseline = true)]
    public int WorkflowDimension() => Reclassify(_workflow, _workflowMemberships);

    [Benchmark]
    public int PluginDimension() => Reclassify(_plugin, _pluginMemberships);

    /// <summary>The engine's plan loop (ClassificationEngine.Plan) on one thread: with plugins, as the engine runs it,
    /// on a watched thread that calls the plugin inline while this thread is its watchdog.</summary>
    private int Reclassify(ClassifierSnapshot snapshot, Membership[][] memberships) =>
        snapshot.Plugins.Count == 0
            ? ReclassifyRange(snapshot, memberships)
            : WatchedRanges.Run(_facts.Length, _facts.Length, 1, (_, _) => ReclassifyRange(snapshot, memberships), CancellationToken.None)[0];

    private int ReclassifyRange(ClassifierSnapshot snapshot, Membership[][] memberships)
    {
        var verdicts = snapshot.Plugins.Count == 0 ? null : new PluginVerdicts(snapshot.Plugins);
        // Features are precomputed (the same cost for both; see ReclassificationBenchmarks.RecomputeFeatures): this
        // measures the dimension alone.
        var batch = new CustomerFeatures[Reclassifier.PluginBatchSize];
        var changed = 0;
        for (var start = 0; start < _facts.Length; start += batch.Length)
        {
            var count = Math.Min(batch.Length, _facts.Length - start);
            Array.Copy(_features, start, batch, 0, count);
            verdicts?.Fill(new ArraySegment<CustomerFeatures>(batch, 0, count));
            for (var k = 0; k < count; k++)
            {
                var current = memberships[start + k];
                var after = MembershipCalculator.Compute(snapshot, batch[k], current, _ => null, SyntheticLedger.AsOf, new PluginVerdictRow(verdicts, k));
                if (!MembershipCalculator.SameAssignments(current, after)) changed++;
            }
        }

        return changed;
    }
}
