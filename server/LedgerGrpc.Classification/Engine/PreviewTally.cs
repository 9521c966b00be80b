using LedgerGrpc.Classification.Dimensions;

namespace LedgerGrpc.Classification.Engine;

/// <summary>One thread's share of a preview: segment counts before and after, and the moves with sample customers.</summary>
internal sealed class PreviewTally
{
    public Dictionary<string, long> Before { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> After { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string From, string To), (long Count, SortedSet<long> Samples)> Moves { get; } = [];

    public long Customers { get; private set; }

    /// <summary>One features record per thread, rebuilt for each customer.</summary>
    private readonly Features.CustomerFeatures _scratch = new();

    public void Add(ClassificationEngine engine, ClassifierSnapshot snapshot, string dimension, CustomerEntry entry, DateTime now, int samplesPerMove)
    {
        if (entry.Archived) return;
        Customers++;
        var current = Array.FindAll(entry.Memberships, m => m.Dimension == dimension);
        var next = MembershipCalculator.Compute(snapshot, entry.FeaturesInto(_scratch), current, d => engine.State.OverrideFor(entry.CustomerId, d), now);
        foreach (var m in current) Before[m.Segment] = Before.GetValueOrDefault(m.Segment) + 1;
        foreach (var m in next) After[m.Segment] = After.GetValueOrDefault(m.Segment) + 1;
        foreach (var change in MembershipCalculator.Diff(entry.CustomerId, current, next, ChangeCause.Publish, now))
        {
            AddMove((change.From, change.To), 1, [entry.CustomerId], samplesPerMove);
        }
    }

    public void Merge(PreviewTally other, int samplesPerMove)
    {
        Customers += other.Customers;
        foreach (var (segment, count) in other.Before) Before[segment] = Before.GetValueOrDefault(segment) + count;
        foreach (var (segment, count) in other.After) After[segment] = After.GetValueOrDefault(segment) + count;
        foreach (var (move, (count, samples)) in other.Moves) AddMove(move, count, samples, samplesPerMove);
    }

    private void AddMove((string From, string To) move, long count, IEnumerable<long> customers, int samplesPerMove)
    {
        var (total, samples) = Moves.GetValueOrDefault(move, (0, new SortedSet<long>()));
        foreach (var customerId in customers) AddSample(samples, customerId, samplesPerMove);
        Moves[move] = (total + count, samples);
    }

    /// <summary>Keeps the <paramref name="limit"/> lowest customer ids seen, so samples are stable without sorting
    /// the whole ledger.</summary>
    private static void AddSample(SortedSet<long> samples, long customerId, int limit)
    {
        if (samples.Count < limit)
        {
            samples.Add(customerId);
        }
        else if (limit > 0 && customerId < samples.Max)
        {
            samples.Remove(samples.Max);
            samples.Add(customerId);
        }
    }
}
