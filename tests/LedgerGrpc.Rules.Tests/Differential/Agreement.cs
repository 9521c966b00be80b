namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>Tallies of the differential run. An evaluation is one top-level rule's result for one input set (or the
/// whole call, when it fails in either engine).</summary>
public sealed class Agreement
{
    public int Cases { get; set; }

    public int Evaluations { get; set; }

    public int SuccessAndErrorDiffer { get; set; }

    public int OutputsDiffer { get; set; }

    public int SuccessEventsDiffer { get; set; }

    /// <summary>Evaluations that differ only through constructs on the known-gap list.</summary>
    public int KnownGaps { get; set; }

    public SortedDictionary<string, int> GapsByFeature { get; } = new(StringComparer.Ordinal);

    /// <summary>Survey mode only: differences no known gap explains, and how often each feature occurs in them and overall.</summary>
    public List<string> Unexplained { get; } = [];

    public Dictionary<string, (int InDifferences, int Overall)> FeatureCounts { get; } = new(StringComparer.Ordinal);

    public void Count(IEnumerable<string> features, bool differs)
    {
        foreach (var f in features)
        {
            var (d, o) = FeatureCounts.GetValueOrDefault(f);
            FeatureCounts[f] = (d + (differs ? 1 : 0), o + 1);
        }
    }

    public double Rate(int differing) => Evaluations == 0 ? 1 : 1 - (double)differing / Evaluations;

    public override string ToString() =>
        $"{Cases} workflows, {Evaluations} evaluations: success/error agreement {Rate(SuccessAndErrorDiffer):P2}, outputs {Rate(OutputsDiffer):P2}, " +
        $"success events {Rate(SuccessEventsDiffer):P2}; {KnownGaps} evaluations differ through known gaps" +
        (GapsByFeature.Count == 0 ? "" : $" ({string.Join(", ", GapsByFeature.Select(g => $"{g.Key} {g.Value}"))})");
}
