namespace LedgerGrpc.Classification.Features;

/// <summary>
/// A customer's purchases sorted by time, with the aggregates that do not depend on "now" computed once. Features
/// are recomputed on every write and every sweep; keeping the time-independent part here means a write costs a pass
/// over the new purchases plus one over the last year, not a sort of the customer's whole history, and a customer
/// with a hundred thousand orders does not make each of its writes slower than the last.
/// </summary>
public sealed class PurchaseHistory
{
    public static PurchaseHistory Empty { get; } = new([], 0);

    private PurchaseHistory(PurchaseFact[] byTime, long lastTransactionId)
    {
        ByTime = byTime;
        LastTransactionId = lastTransactionId;
        foreach (var p in byTime)
        {
            var signed = p.IsRefund ? -p.AmountMinor : p.AmountMinor;
            TotalMinor = checked(TotalMinor + signed);
            if (p.IsRefund)
            {
                RefundCount++;
                continue;
            }

            OrderCount++;
            MaxOrderMinor = Math.Max(MaxOrderMinor, p.AmountMinor);
            FirstSaleAt ??= p.OccurredAt;
            LastSaleAt = p.OccurredAt;
        }

        DistinctProducts = CountDistinctProducts(byTime);
        MedianDaysBetweenOrders = OrderCount >= 2 ? MedianGapDays(byTime, OrderCount) : null;
    }

    /// <summary>Sales and refunds, oldest first (ties in the order they were recorded).</summary>
    public PurchaseFact[] ByTime { get; }

    /// <summary>The highest ledger transaction id included, so a write can add only what is newer.</summary>
    public long LastTransactionId { get; }

    public long TotalMinor { get; }
    public int OrderCount { get; }
    public int RefundCount { get; }
    public long MaxOrderMinor { get; }
    public DateTime? FirstSaleAt { get; }
    public DateTime? LastSaleAt { get; }
    public int DistinctProducts { get; }
    public double? MedianDaysBetweenOrders { get; }

    /// <summary>A history of <paramref name="purchases"/> in any order (sorted here, stable).</summary>
    public static PurchaseHistory Of(IReadOnlyCollection<PurchaseFact> purchases, long lastTransactionId = 0)
    {
        if (purchases.Count == 0 && lastTransactionId == 0) return Empty;
        var sorted = purchases.ToArray();
        SortByTime(sorted);
        return new PurchaseHistory(sorted, lastTransactionId);
    }

    /// <summary>This history plus <paramref name="added"/> (transactions recorded after <see cref="LastTransactionId"/>).</summary>
    public PurchaseHistory Append(IReadOnlyList<PurchaseFact> added, long lastTransactionId)
    {
        if (added.Count == 0) return lastTransactionId == LastTransactionId ? this : new PurchaseHistory(ByTime, Math.Max(lastTransactionId, LastTransactionId));
        var merged = new PurchaseFact[ByTime.Length + added.Count];
        ByTime.CopyTo(merged, 0);
        for (var i = 0; i < added.Count; i++) merged[ByTime.Length + i] = added[i];
        // Purchases usually arrive in time order; only sort when one was back-dated.
        if (!IsSorted(merged, Math.Max(ByTime.Length - 1, 0))) SortByTime(merged);
        return new PurchaseHistory(merged, Math.Max(lastTransactionId, LastTransactionId));
    }

    private static bool IsSorted(PurchaseFact[] items, int from)
    {
        for (var i = from + 1; i < items.Length; i++)
        {
            if (items[i].OccurredAt < items[i - 1].OccurredAt) return false;
        }

        return true;
    }

    private static void SortByTime(PurchaseFact[] items)
    {
        if (IsSorted(items, 0)) return;
        // Array.Sort is not stable; the index keeps equal times in recording order.
        var keys = new (DateTime, int)[items.Length];
        for (var i = 0; i < items.Length; i++) keys[i] = (items[i].OccurredAt, i);
        Array.Sort(keys, items);
    }

    private static int CountDistinctProducts(PurchaseFact[] purchases)
    {
        // Products are pooled strings (see StringPool), so most customers' handful of orders compare by reference.
        HashSet<string>? seen = null;
        string? only = null;
        foreach (var p in purchases)
        {
            if (p.IsRefund || p.Product.Length == 0) continue;
            if (only is null) only = p.Product;
            else if (!string.Equals(only, p.Product, StringComparison.Ordinal)) (seen ??= new HashSet<string>(StringComparer.Ordinal) { only }).Add(p.Product);
        }

        return seen?.Count ?? (only is null ? 0 : 1);
    }

    /// <summary>The median gap between consecutive sales in days, by selection (linear) rather than a sort.</summary>
    private static double MedianGapDays(PurchaseFact[] byTime, int sales)
    {
        var gaps = new double[sales - 1];
        DateTime? previous = null;
        var n = 0;
        foreach (var p in byTime)
        {
            if (p.IsRefund) continue;
            if (previous is { } prev) gaps[n++] = (p.OccurredAt - prev).TotalDays;
            previous = p.OccurredAt;
        }

        var mid = gaps.Length / 2;
        var upper = Select(gaps, mid);
        var median = gaps.Length % 2 == 1 ? upper : (MaxBelow(gaps, mid) + upper) / 2;
        return Math.Round(median, 2);
    }

    /// <summary>Rearranges <paramref name="a"/> so that a[k] holds the k-th smallest value (Hoare's selection).</summary>
    private static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            var pivot = a[lo + ((hi - lo) / 2)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }

        return a[k];
    }

    /// <summary>After <see cref="Select"/>, the largest value left of position <paramref name="k"/>.</summary>
    private static double MaxBelow(double[] a, int k)
    {
        var max = double.MinValue;
        for (var i = 0; i < k; i++) max = Math.Max(max, a[i]);
        return max;
    }
}
