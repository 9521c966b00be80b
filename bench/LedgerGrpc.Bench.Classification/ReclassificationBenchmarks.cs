using BenchmarkDotNet.Attributes;
using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Bench.Classification;

/// <summary>
/// The in-memory half of the classification targets on 1,000,000 customers: a full re-classification across all
/// default dimensions (what a publish or sweep computes before writing the changes), the preview of one dimension,
/// and, as the baseline, recomputing every customer's features (what a sweep does first).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ReclassificationBenchmarks
{
    private CustomerFacts[] _facts = [];
    private CustomerFeatures[] _features = [];
    private Membership[][] _memberships = [];
    private ClassifierSnapshot _snapshot = ClassifierSnapshot.Empty;
    private ClassifierSnapshot _draft = ClassifierSnapshot.Empty;
    private readonly FeatureCalculator _calculator = new();

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _facts = SyntheticLedger.Create(Customers);
        _features = [.. _facts.Select(f => _calculator.Calculate(f, SyntheticLedger.AsOf))];
        new PercentileRanks(_features).Apply(_features[0]);
        _snapshot = new ClassifierSnapshot(DefaultWorkflows.Load().Select(w => DimensionCompiler.Compile(w.Json, 1).Dimension!));
        _memberships = [.. _features.Select(f => MembershipCalculator.Compute(_snapshot, f, [], _ => null, SyntheticLedger.AsOf))];
        var valueTier = DefaultWorkflows.Load().Single(w => w.Name == "value_tier").Json.Replace("100000", "50000", StringComparison.Ordinal);
        _draft = new ClassifierSnapshot([DimensionCompiler.Compile(valueTier, 2).Dimension!]);
    }

    [Benchmark(Baseline = true)]
    public long RecomputeFeatures()
    {
        long orders = 0;
        var reuse = new CustomerFeatures();
        foreach (var facts in _facts) orders += _calculator.Calculate(facts, SyntheticLedger.AsOf, reuse).OrderCount;
        return orders;
    }

    [Benchmark]
    public int FullReclassificationAllDimensions()
    {
        var changed = 0;
        for (var i = 0; i < _features.Length; i++)
        {
            var after = MembershipCalculator.Compute(_snapshot, _features[i], _memberships[i], _ => null, SyntheticLedger.AsOf);
            if (!MembershipCalculator.SameAssignments(_memberships[i], after)) changed++;
        }

        return changed;
    }

    /// <summary>Only the rules: every default dimension's Classify for every customer (no memberships, no diff), the
    /// part of a re-classification the workflow compiler decides.</summary>
    [Benchmark]
    public int ClassifyOnlyAllDimensions()
    {
        var matches = new List<SegmentMatch>(4);
        var dimensions = _snapshot.Dimensions;
        var segments = 0;
        foreach (var features in _features)
        {
            // Indexed: foreach over the IReadOnlyList would allocate an enumerator per customer.
            for (var d = 0; d < dimensions.Count; d++)
            {
                matches.Clear();
                dimensions[d].Classify(features, default, matches);
                segments += matches.Count;
            }
        }

        return segments;
    }

    [Benchmark]
    public int PreviewOneDimension()
    {
        var moves = 0;
        for (var i = 0; i < _features.Length; i++)
        {
            var current = Array.FindAll(_memberships[i], m => m.Dimension == "value_tier");
            var next = MembershipCalculator.Compute(_draft, _features[i], current, _ => null, SyntheticLedger.AsOf);
            moves += MembershipCalculator.Diff(i, current, next, ChangeCause.Publish, SyntheticLedger.AsOf).Count;
        }

        return moves;
    }
}
