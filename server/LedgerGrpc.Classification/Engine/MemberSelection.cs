using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// A page of a segment's members in any <see cref="MemberOrder"/>, over the whole segment. Id order without a filter is
/// a scan of the segment's bitmap from the last id (the page's size in work). Every other query walks the segment once
/// and keeps only the best <see cref="MemberQuery.Limit"/> members after the previous page's last one in a bounded heap
/// (partial top-k): a page of a million-member segment costs one pass and a heap of the page's size, never a full sort
/// or a copy of the population. Members whose key changes between pages may move across the page boundary (keyset
/// paging's usual trade); nobody is listed twice within one page.
/// </summary>
internal static class MemberSelection
{
    private const int Batch = 4096;

    public static MemberPage Select(CustomerStateStore state, string dimension, string segment, MemberQuery query)
    {
        if (query.Order == MemberOrder.Id && !query.Descending && query.Filter.Length == 0)
        {
            var (ids, total) = state.Segments.Members(dimension, segment, query.After?.Id ?? long.MinValue, query.Limit);
            return new MemberPage([.. ids.Select(id => new MemberPosition(id, 0, ""))], total);
        }

        var comparer = Comparer(query.Order, query.Descending);
        // Max-heap on the query's order: the worst member kept so far is on top, so a better one replaces it.
        var best = new PriorityQueue<MemberPosition, MemberPosition>(query.Limit + 1, System.Collections.Generic.Comparer<MemberPosition>.Create((a, b) => comparer.Compare(b, a)));
        long matches = 0;
        foreach (var id in MemberIds(state.Segments, dimension, segment))
        {
            if (state.Get(id) is not { } entry || !Matches(entry.Facts.Profile, query.Filter)) continue;
            matches++;
            var position = PositionOf(entry, query.Order);
            if (query.After is { } after && comparer.Compare(position, after) <= 0) continue;
            if (best.Count < query.Limit) best.Enqueue(position, position);
            else if (query.Limit > 0 && comparer.Compare(position, best.Peek()) < 0) best.DequeueEnqueue(position, position);
        }

        var page = new List<MemberPosition>(best.Count);
        while (best.Count > 0) page.Add(best.Dequeue());
        page.Reverse();
        return new MemberPage(page, matches);
    }

    public static IComparer<MemberPosition> Comparer(MemberOrder order, bool descending)
    {
        Comparison<MemberPosition> ascending = order switch
        {
            MemberOrder.Name => (a, b) => string.CompareOrdinal(a.Text, b.Text) is var c && c != 0 ? c : a.Id.CompareTo(b.Id),
            MemberOrder.Spend or MemberOrder.Outstanding => (a, b) => a.Number != b.Number ? a.Number.CompareTo(b.Number) : a.Id.CompareTo(b.Id),
            _ => (a, b) => a.Id.CompareTo(b.Id),
        };
        return System.Collections.Generic.Comparer<MemberPosition>.Create(descending ? (a, b) => ascending(b, a) : ascending);
    }

    public static MemberPosition PositionOf(CustomerEntry entry, MemberOrder order) => order switch
    {
        MemberOrder.Name => new(entry.CustomerId, 0, entry.Facts.Profile.Name),
        MemberOrder.Spend => new(entry.CustomerId, entry.Facts.Purchases.TotalMinor, ""),
        MemberOrder.Outstanding => new(entry.CustomerId, Outstanding(entry.Facts.Invoices), ""),
        _ => new(entry.CustomerId, 0, ""),
    };

    private static bool Matches(CustomerProfile profile, string filter) =>
        filter.Length == 0
        || profile.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || profile.ExternalRef.Contains(filter, StringComparison.OrdinalIgnoreCase);

    private static long Outstanding(InvoiceFact[] invoices)
    {
        long open = 0;
        foreach (var invoice in invoices) open += Math.Max(0, invoice.AmountMinor - invoice.PaidMinor - invoice.WrittenOffMinor);
        return open;
    }

    // The segment's ids in batches read under the index's lock, so writers wait for one batch at most, not the walk.
    private static IEnumerable<long> MemberIds(SegmentIndex index, string dimension, string segment)
    {
        var after = long.MinValue;
        while (true)
        {
            var (ids, _) = index.Members(dimension, segment, after, Batch);
            foreach (var id in ids) yield return id;
            if (ids.Count < Batch) yield break;
            after = ids[^1];
        }
    }
}
