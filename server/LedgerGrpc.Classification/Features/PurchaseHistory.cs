namespace LedgerGrpc.Classification.Features;

/// <summary>
/// A customer's purchases sorted by time, with the aggregates that do not depend on "now" computed once. Features
/// are recomputed on every write and every sweep; keeping the time-independent part here means a write costs a pass
/// over the last year, not a sort of the customer's whole history.
/// Immutable to readers. A long history that grows in time order shares its buffer, product set and median heaps
/// (<see cref="Growth"/>) with the history it was appended to, so a write to a customer with a hundred thousand
/// orders costs what the write added, not what the customer has. Such a history also keeps running sums, so the
/// "last N days" windows cost a binary search instead of a walk over every purchase of the last year (a hot
/// customer's year can be its whole history: that walk was a quarter of the server's CPU under write load).
/// </summary>
public sealed class PurchaseHistory
{
    /// <summary>Below this many purchases an append simply rebuilds: cheap, and no per-customer growth state.</summary>
    private const int GrowthThreshold = 32;

    private readonly PurchaseFact[] _buffer;
    private readonly int _count;
    private readonly Growth? _growth;

    public static PurchaseHistory Empty { get; } = new([], 0, 0);

    private PurchaseHistory(PurchaseFact[] sorted, int count, long lastTransactionId)
    {
        _buffer = sorted;
        _count = count;
        LastTransactionId = lastTransactionId;
        foreach (var p in ByTime)
        {
            Add(p);
        }

        DistinctProducts = CountDistinctProducts(ByTime);
        _medianGapDays = OrderCount >= 2 ? MedianGapDays(ByTime, OrderCount) : double.NaN;
    }

    /// <summary>An in-order append that reuses <paramref name="previous"/>'s growth state.</summary>
    private PurchaseHistory(PurchaseHistory previous, PurchaseFact[] buffer, ReadOnlySpan<PurchaseFact> added, long lastTransactionId, Growth growth)
    {
        (_buffer, _count, _growth, LastTransactionId) = (buffer, previous._count + added.Length, growth, lastTransactionId);
        (TotalMinor, OrderCount, RefundCount, MaxOrderMinor, _firstSale, _lastSale) =
            (previous.TotalMinor, previous.OrderCount, previous.RefundCount, previous.MaxOrderMinor, previous._firstSale, previous._lastSale);
        foreach (var p in added)
        {
            var lastSale = LastSaleAt;
            Add(p);
            if (p.IsRefund) continue;
            if (p.Product.Length > 0) growth.Products.Add(p.Product);
            if (lastSale is { } before) growth.AddGap((p.OccurredAt - before).TotalDays);
        }

        growth.Count = _count;
        DistinctProducts = growth.Products.Count;
        _medianGapDays = growth.Median() ?? double.NaN;
    }

    /// <summary>Sales and refunds, oldest first (ties in the order they were recorded).</summary>
    public ReadOnlySpan<PurchaseFact> ByTime => _buffer.AsSpan(0, _count);

    public int Count => _count;

    /// <summary>The highest ledger transaction id included, so a write can add only what is newer.</summary>
    public long LastTransactionId { get; }

    public long TotalMinor { get; private set; }
    public int OrderCount { get; private set; }
    public int RefundCount { get; private set; }
    public long MaxOrderMinor { get; private set; }
    public DateTime? FirstSaleAt => OrderCount > 0 ? _firstSale : null;
    public DateTime? LastSaleAt => OrderCount > 0 ? _lastSale : null;
    public int DistinctProducts { get; }
    public double? MedianDaysBetweenOrders => double.IsNaN(_medianGapDays) ? null : _medianGapDays;

    // Kept without Nullable<T> wrappers (8 bytes each instead of 16, a million times over): the sale dates mean
    // something only when there are orders, and NaN stands for "no median".
    private DateTime _firstSale;
    private DateTime _lastSale;
    private readonly double _medianGapDays = double.NaN;

    /// <summary>A history of <paramref name="purchases"/> in any order (sorted here, stable).</summary>
    public static PurchaseHistory Of(IReadOnlyCollection<PurchaseFact> purchases, long lastTransactionId = 0)
    {
        if (purchases.Count == 0 && lastTransactionId == 0) return Empty;
        var sorted = purchases.ToArray();
        SortByTime(sorted);
        return new PurchaseHistory(sorted, sorted.Length, lastTransactionId);
    }

    /// <summary>This history plus <paramref name="added"/> (transactions recorded after <see cref="LastTransactionId"/>).</summary>
    public PurchaseHistory Append(IReadOnlyList<PurchaseFact> added, long lastTransactionId)
    {
        lastTransactionId = Math.Max(lastTransactionId, LastTransactionId);
        if (added.Count == 0) return lastTransactionId == LastTransactionId ? this : new PurchaseHistory(_buffer, _count, lastTransactionId);
        var addedSorted = added.ToArray();
        SortByTime(addedSorted);
        var inOrder = _count == 0 || addedSorted[0].OccurredAt >= _buffer[_count - 1].OccurredAt;
        var total = _count + addedSorted.Length;
        if (inOrder && total >= GrowthThreshold)
        {
            // Only the newest history may write past its end: an older one (a rolled-back batch's predecessor, say)
            // would overwrite purchases a later history already counts, so it starts fresh growth state instead.
            var growth = _growth is { } g && g.Count == _count ? g : Growth.From(ByTime);
            var buffer = _buffer;
            if (!ReferenceEquals(growth, _growth) || total > buffer.Length)
            {
                buffer = new PurchaseFact[Math.Max(total, _count * 2)];
                ByTime.CopyTo(buffer);
                growth.GrowSums(buffer.Length, ByTime);
            }

            addedSorted.CopyTo(buffer, _count);
            // Written before the new history is published; older histories only read sums up to their own count.
            RunningSum.Fill(growth.Sums, addedSorted, _count);
            return new PurchaseHistory(this, buffer, addedSorted, lastTransactionId, growth);
        }

        var merged = new PurchaseFact[total];
        ByTime.CopyTo(merged);
        addedSorted.CopyTo(merged, _count);
        if (!inOrder) SortByTime(merged);
        return new PurchaseHistory(merged, merged.Length, lastTransactionId);
    }

    /// <summary>
    /// The signed amount (refunds negative) and the number of sales of the purchases at or after each cut-off:
    /// the newest purchases, since ByTime is sorted. Cut-offs in ascending order (widest window first).
    /// </summary>
    public void TotalsSince(ReadOnlySpan<DateTime> cutoffs, Span<long> signed, Span<int> orders)
    {
        var byTime = ByTime;
        if (_growth?.Sums is { } sums)
        {
            var end = sums[_count];
            for (var c = 0; c < cutoffs.Length; c++)
            {
                var start = sums[FirstAtOrAfter(byTime, cutoffs[c])];
                (signed[c], orders[c]) = (end.Signed - start.Signed, end.Orders - start.Orders);
            }

            return;
        }

        // Short or never-appended histories: walk back from the newest until past the widest window.
        signed.Clear();
        orders.Clear();
        for (var i = byTime.Length - 1; i >= 0; i--)
        {
            var p = byTime[i];
            if (p.OccurredAt < cutoffs[0]) break;
            var amount = p.IsRefund ? -p.AmountMinor : p.AmountMinor;
            for (var c = 0; c < cutoffs.Length && p.OccurredAt >= cutoffs[c]; c++)
            {
                signed[c] += amount;
                if (!p.IsRefund) orders[c]++;
            }
        }
    }

    /// <summary>The first index whose purchase is at or after <paramref name="cutoff"/> (the length when none is).</summary>
    private static int FirstAtOrAfter(ReadOnlySpan<PurchaseFact> byTime, DateTime cutoff)
    {
        int lo = 0, hi = byTime.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (byTime[mid].OccurredAt < cutoff) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private void Add(PurchaseFact p)
    {
        TotalMinor = checked(TotalMinor + (p.IsRefund ? -p.AmountMinor : p.AmountMinor));
        if (p.IsRefund)
        {
            RefundCount++;
            return;
        }

        if (OrderCount == 0) _firstSale = p.OccurredAt;
        OrderCount++;
        MaxOrderMinor = Math.Max(MaxOrderMinor, p.AmountMinor);
        _lastSale = p.OccurredAt;
    }

    private static bool IsSorted(PurchaseFact[] items)
    {
        for (var i = 1; i < items.Length; i++)
        {
            if (items[i].OccurredAt < items[i - 1].OccurredAt) return false;
        }

        return true;
    }

    private static void SortByTime(PurchaseFact[] items)
    {
        if (IsSorted(items)) return;
        // Array.Sort is not stable; the index keeps equal times in recording order.
        var keys = new (DateTime, int)[items.Length];
        for (var i = 0; i < items.Length; i++) keys[i] = (items[i].OccurredAt, i);
        Array.Sort(keys, items);
    }

    private static int CountDistinctProducts(ReadOnlySpan<PurchaseFact> purchases)
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
    private static double MedianGapDays(ReadOnlySpan<PurchaseFact> byTime, int sales)
    {
        var gaps = SaleGaps(byTime, sales);
        var mid = gaps.Length / 2;
        var upper = Select(gaps, mid);
        var median = gaps.Length % 2 == 1 ? upper : (MaxBelow(gaps, mid) + upper) / 2;
        return Math.Round(median, 2);
    }

    private static double[] SaleGaps(ReadOnlySpan<PurchaseFact> byTime, int sales)
    {
        var gaps = new double[Math.Max(sales - 1, 0)];
        DateTime? previous = null;
        var n = 0;
        foreach (var p in byTime)
        {
            if (p.IsRefund) continue;
            if (previous is { } prev) gaps[n++] = (p.OccurredAt - prev).TotalDays;
            previous = p.OccurredAt;
        }

        return gaps;
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

    /// <summary>Totals of the purchases before an index. Plain (wrapping) sums, as a walk over them would add up:
    /// a window's total is a difference of two of them.</summary>
    private readonly record struct RunningSum(long Signed, int Orders)
    {
        /// <summary>Sets sums[from + i + 1] for each of <paramref name="added"/>, starting from sums[from].</summary>
        public static void Fill(RunningSum[] sums, ReadOnlySpan<PurchaseFact> added, int from)
        {
            var (signed, orders) = (sums[from].Signed, sums[from].Orders);
            for (var i = 0; i < added.Length; i++)
            {
                var p = added[i];
                signed = unchecked(signed + (p.IsRefund ? -p.AmountMinor : p.AmountMinor));
                if (!p.IsRefund) orders++;
                sums[from + i + 1] = new RunningSum(signed, orders);
            }
        }
    }

    /// <summary>What a growing history shares with its successors: the distinct products and the sale gaps split into
    /// two heaps around the median (a running median), and how many purchases the newest history holds.</summary>
    private sealed class Growth
    {
        private readonly PriorityQueue<double, double> _lower = new(); // max-heap by negated priority
        private readonly PriorityQueue<double, double> _upper = new();

        public HashSet<string> Products { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }

        /// <summary>Sums[i] totals the lineage's purchases before index i (at least Count + 1 of them are set).</summary>
        public RunningSum[] Sums { get; private set; } = [];

        /// <summary>Room for <paramref name="capacity"/> purchases, keeping the sums of <paramref name="byTime"/> (the newest history's).</summary>
        public void GrowSums(int capacity, ReadOnlySpan<PurchaseFact> byTime)
        {
            var sums = new RunningSum[capacity + 1];
            if (Sums.Length > byTime.Length) Sums.AsSpan(0, byTime.Length + 1).CopyTo(sums);
            else RunningSum.Fill(sums, byTime, 0);
            // Published whole: a reader of an older history sees either array, both right up to its count.
            Sums = sums;
        }

        public static Growth From(ReadOnlySpan<PurchaseFact> byTime)
        {
            var growth = new Growth { Count = byTime.Length };
            var sales = 0;
            foreach (var p in byTime)
            {
                if (p.IsRefund) continue;
                sales++;
                if (p.Product.Length > 0) growth.Products.Add(p.Product);
            }

            foreach (var gap in SaleGaps(byTime, sales)) growth.AddGap(gap);
            return growth;
        }

        public void AddGap(double gap)
        {
            if (_lower.Count == 0 || gap <= _lower.Peek()) _lower.Enqueue(gap, -gap);
            else _upper.Enqueue(gap, gap);

            // Keep the lower half equal to the upper half or one larger.
            if (_lower.Count > _upper.Count + 1)
            {
                var moved = _lower.Dequeue();
                _upper.Enqueue(moved, moved);
            }
            else if (_upper.Count > _lower.Count)
            {
                var moved = _upper.Dequeue();
                _lower.Enqueue(moved, -moved);
            }
        }

        public double? Median()
        {
            if (_lower.Count == 0) return null;
            var median = _lower.Count > _upper.Count ? _lower.Peek() : (_lower.Peek() + _upper.Peek()) / 2;
            return Math.Round(median, 2);
        }
    }
}
