namespace LedgerGrpc.Plugins.Rfm;

/// <summary>The population's sorted recency, frequency and monetary values: a customer's score is the quintile its
/// value falls in (5 = most recent, most frequent, most spent).</summary>
public sealed class RfmQuintiles
{
    private readonly int[] _days;
    private readonly int[] _orders;
    private readonly decimal[] _spend;

    private RfmQuintiles(int[] days, int[] orders, decimal[] spend)
    {
        _days = days;
        _orders = orders;
        _spend = spend;
    }

    public int Customers => _days.Length;

    public static RfmQuintiles From(IEnumerable<ICustomerFeatures> population, CancellationToken ct)
    {
        var days = new List<int>();
        var orders = new List<int>();
        var spend = new List<decimal>();
        foreach (var c in population)
        {
            ct.ThrowIfCancellationRequested();
            if (!c.HasPurchased || c.DaysSinceLastPurchase is not { } d) continue;
            days.Add(d);
            orders.Add(c.OrderCount);
            spend.Add(c.TotalSpend);
        }

        int[] sortedDays = [.. days], sortedOrders = [.. orders];
        decimal[] sortedSpend = [.. spend];
        Array.Sort(sortedDays);
        Array.Sort(sortedOrders);
        Array.Sort(sortedSpend);
        return new RfmQuintiles(sortedDays, sortedOrders, sortedSpend);
    }

    public (int R, int F, int M) Score(int daysSinceLastPurchase, int orders, decimal spend) =>
        // Fewer days is better: score by the share of customers who bought longer ago.
        (Quintile(_days.Length - CountAtMost(_days, daysSinceLastPurchase - 1)), Quintile(CountBelow(_orders, orders) + 1), Quintile(CountBelow(_spend, spend) + 1));

    // 1-5 from how many customers rank at or below this one.
    private int Quintile(int atOrBelow) => _days.Length == 0 ? 3 : Math.Clamp((int)Math.Ceiling(5.0 * atOrBelow / _days.Length), 1, 5);

    private static int CountBelow<T>(T[] sorted, T value) where T : IComparable<T>
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].CompareTo(value) < 0) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static int CountAtMost(int[] sorted, int value) => CountBelow(sorted, value + 1);
}
