namespace LedgerGrpc.Classification.Features;

/// <summary>Population-relative ranks (0–100): the share of active customers strictly below a value. Built by the
/// sweep from everyone's features and applied to each customer's features.</summary>
public sealed class PercentileRanks
{
    private readonly decimal[] _spend;
    private readonly int[] _frequency;
    private readonly int[] _recency;

    public PercentileRanks(IEnumerable<CustomerFeatures> population)
    {
        var list = population.ToList();
        _spend = [.. list.Select(f => f.TotalSpend).Order()];
        _frequency = [.. list.Select(f => f.Orders365).Order()];
        // Recency: fewer days since the last purchase ranks higher; never-bought ranks lowest.
        _recency = [.. list.Select(RecencyScore).Order()];
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
