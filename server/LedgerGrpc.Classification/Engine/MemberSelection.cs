using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// A page of a segment's members in any <see cref="MemberOrder"/>, over the whole segment. Id order without a filter is
/// a scan of the segment's bitmap from the last id (the page's size in work). Every other query walks the segment once
/// and keeps only the best <see cref="MemberQuery.Limit"/> members after the previous page's last one in a bounded heap
/// (partial top-k): one pass and a heap of the page's size, never a full sort or a copy of the population. The keys
/// come from <see cref="MemberKeys"/> (one array read in id order per member); names are read whole only where their
/// first four characters tie, and the filter reads each member's profile. Members whose key changes between pages may
/// move across the page boundary (keyset paging's usual trade); nobody is listed twice within one page.
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

        var order = query.Order;
        var compare = Comparison(state, order, query.Descending);
        Candidate? after = query.After is { } a ? new Candidate(CursorKey(a, order), a.Id, a.Text) : null;
        // Max-heap on the query's order: the worst member kept so far is on top, so a better one replaces it.
        var best = new PriorityQueue<Candidate, Candidate>(query.Limit + 1, Comparer<Candidate>.Create((x, y) => compare(y, x)));
        long matches = 0;
        foreach (var id in MemberIds(state.Segments, dimension, segment))
        {
            CustomerEntry? entry = null;
            if (query.Filter.Length > 0)
            {
                var profile = state.Keys.Profile(id) ?? (entry = state.Get(id))?.Facts.Profile;
                if (profile is null || !Matches(profile, query.Filter)) continue;
            }

            if (!state.Keys.TryGet(id, order, out var key))
            {
                entry ??= state.Get(id);
                if (entry is null) continue;
                key = MemberKeys.SortKey(entry, order);
            }

            matches++;
            var candidate = new Candidate(key, id, null);
            if (after is { } cursor && compare(candidate, cursor) <= 0) continue;
            if (best.Count >= query.Limit && (query.Limit == 0 || compare(candidate, best.Peek()) >= 0)) continue;
            // Kept members carry their names, so ties with the heap's top read one name, not two.
            if (order == MemberOrder.Name) candidate = candidate with { Name = NameOf(state, id) };
            if (best.Count < query.Limit) best.Enqueue(candidate, candidate);
            else best.DequeueEnqueue(candidate, candidate);
        }

        var page = new List<MemberPosition>(best.Count);
        while (best.Count > 0) page.Add(Position(best.Dequeue(), order));
        page.Reverse();
        return new MemberPage(page, matches);
    }

    private static Comparison<Candidate> Comparison(CustomerStateStore state, MemberOrder order, bool descending) => (a, b) =>
    {
        var c = a.Key.CompareTo(b.Key);
        if (c == 0 && order == MemberOrder.Name && a.Id != b.Id) c = string.CompareOrdinal(a.Name ?? NameOf(state, a.Id), b.Name ?? NameOf(state, b.Id));
        if (c == 0) c = a.Id.CompareTo(b.Id);
        return descending ? -c : c;
    };

    private static ulong CursorKey(MemberPosition after, MemberOrder order) => order switch
    {
        MemberOrder.Spend or MemberOrder.Outstanding => MemberKeys.Signed(after.Number),
        MemberOrder.Name => MemberKeys.NamePrefix(after.Text),
        _ => 0,
    };

    private static MemberPosition Position(Candidate c, MemberOrder order) => order switch
    {
        MemberOrder.Spend or MemberOrder.Outstanding => new(c.Id, (long)(c.Key ^ 0x8000_0000_0000_0000UL), ""),
        MemberOrder.Name => new(c.Id, 0, c.Name ?? ""),
        _ => new(c.Id, 0, ""),
    };

    private static string NameOf(CustomerStateStore state, long id) => state.Get(id)?.Facts.Profile.Name ?? "";

    private static bool Matches(CustomerProfile profile, string filter) =>
        profile.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || profile.ExternalRef.Contains(filter, StringComparison.OrdinalIgnoreCase);

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

    /// <summary>A member while it competes for the page: its key, id and (for name order, once kept) its name.</summary>
    private readonly record struct Candidate(ulong Key, long Id, string? Name);
}
