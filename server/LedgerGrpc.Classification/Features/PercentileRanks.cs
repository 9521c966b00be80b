namespace LedgerGrpc.Classification.Features;

/// <summary>Population-relative ranks (0–100): the share of active customers strictly below a value. Built by the
/// sweep from everyone's features and applied to each customer's features.</summary>
public sealed class PercentileRanks
{
    private readonly decimal[] _spend;
    private readonly int[] _frequency;
    private readonly int[] _recency;

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
