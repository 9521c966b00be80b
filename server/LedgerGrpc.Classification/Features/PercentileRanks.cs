namespace LedgerGrpc.Classification.Features;

/// <summary>Population-relative ranks (0–100): the share of active customers strictly below a value. Built by the
/// sweep from everyone's features and applied to each customer's features.</summary>
public sealed class PercentileRanks
{
    private readonly decimal[] _spend;
    private readonly int[] _frequency;
    private readonly int[] _recency;

    private PercentileRanks(decimal[] spend, int[] frequency, int[] recency)
    {
        (_spend, _frequency, _recency) = (spend, frequency, recency);
        Parallel.Invoke(() => Array.Sort(_spend), () => Array.Sort(_frequency), () => Array.Sort(_recency));
    }

    /// <summary>The ranks of a population of <paramref name="count"/> customers whose features are computed on every core:
    /// <paramref name="featuresAt"/> fills the scratch record it is given (one per thread) with the i-th customer's
    /// features, or returns false to leave that customer out (archived). At a million customers this is a feature pass
    /// over the ledger on the way to serving after a start, so it should not run on one core of several.</summary>
    public static PercentileRanks Compute(int count, Func<int, CustomerFeatures, bool> featuresAt)
    {
        var spend = new decimal[count];
        var frequency = new int[count];
        var recency = new int[count];
        var included = new bool[count];
        if (count > 0)
        {
            Parallel.ForEach(
                System.Collections.Concurrent.Partitioner.Create(0, count, Math.Max(4096, count / (Environment.ProcessorCount * 4))),
                () => new CustomerFeatures(),
                (range, _, scratch) =>
                {
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        if (!featuresAt(i, scratch)) continue;
                        (spend[i], frequency[i], recency[i], included[i]) = (scratch.TotalSpend, scratch.Orders365, RecencyScore(scratch), true);
                    }

                    return scratch;
                },
                _ => { });
        }

        if (Array.IndexOf(included, false) < 0) return new(spend, frequency, recency);
        return new([.. spend.Where((_, i) => included[i])], [.. frequency.Where((_, i) => included[i])], [.. recency.Where((_, i) => included[i])]);
    }

    /// <summary>Reads each record once as it is enumerated, so the population may reuse one scratch record.</summary>
    public PercentileRanks(IEnumerable<CustomerFeatures> population)
    {
        var spend = new List<decimal>();
        var frequency = new List<int>();
        var recency = new List<int>();
        foreach (var f in population)
        {
            spend.Add(f.TotalSpend);
            frequency.Add(f.Orders365);
            // Recency: fewer days since the last purchase ranks higher; never-bought ranks lowest.
            recency.Add(RecencyScore(f));
        }

        _spend = [.. spend];
        _frequency = [.. frequency];
        _recency = [.. recency];
        Array.Sort(_spend);
        Array.Sort(_frequency);
        Array.Sort(_recency);
    }

    public void Apply(CustomerFeatures f)
    {
        f.SpendPercentile = Rank(_spend, f.TotalSpend);
        f.FrequencyPercentile = Rank(_frequency, f.Orders365);
        f.RecencyPercentile = f.HasPurchased ? Rank(_recency, RecencyScore(f)) : 0;
    }

    private static int RecencyScore(CustomerFeatures f) => f.DaysSinceLastPurchase is { } d ? -d : int.MinValue;

    private static double Rank<T>(T[] sorted, T value) where T : IComparable<T>
    {
        if (sorted.Length == 0) return 0;
        // Lower bound: how many are strictly below.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].CompareTo(value) < 0) lo = mid + 1;
            else hi = mid;
        }

        return Math.Round(100.0 * lo / sorted.Length, 2);
    }
}
