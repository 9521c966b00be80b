namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Per dimension and segment: who is in it, how many and their total spend, kept in step with every customer's
/// memberships so that the distribution and a page of members are answered without walking the ledger (at a million
/// customers a walk took seconds). <see cref="CustomerStateStore"/> calls <see cref="Replace"/> for every entry it
/// stores, so every path that changes assignments (ledger writes, publish and sweep jobs, overrides, plugins, the
/// start-up load) keeps it current; <see cref="Rebuild"/> recomputes it from a full set of entries in one call.
/// A reader sees each customer's replacement whole (one lock); during a bulk apply it may see some customers moved and
/// others not yet, as it would see the entries themselves.
/// </summary>
public sealed class SegmentIndex
{
    private readonly Lock _lock = new();
    private Dictionary<string, Dictionary<string, SegmentMembers>> _dimensions = new(StringComparer.Ordinal);

    /// <summary>Moves one customer from <paramref name="before"/>'s segments to <paramref name="after"/>'s (either
    /// null: the customer is new, or gone). Spend follows the entry's facts, so a write that changes spend but no
    /// segment moves spend too.</summary>
    public void Replace(CustomerEntry? before, CustomerEntry? after)
    {
        if (before is null && after is null) return;
        // Most replacements keep memberships and spend (features refreshed, a write inside the same segments that
        // bought nothing): nothing to do.
        if (before is not null && after is not null && ReferenceEquals(before.Memberships, after.Memberships) && SpendOf(before) == SpendOf(after)) return;
        lock (_lock)
        {
            if (before is not null && after is not null)
            {
                MoveLocked(_dimensions, before, after);
                return;
            }

            if (before is not null) RemoveLocked(_dimensions, before);
            if (after is not null) AddLocked(_dimensions, after);
        }
    }

    /// <summary>Replaces the whole index with one computed from <paramref name="entries"/> (every customer once): for
    /// state restored in bulk rather than entry by entry. Readers see the old index until the new one is complete.</summary>
    public void Rebuild(IEnumerable<CustomerEntry> entries)
    {
        var rebuilt = new Dictionary<string, Dictionary<string, SegmentMembers>>(StringComparer.Ordinal);
        foreach (var entry in entries) AddLocked(rebuilt, entry);
        lock (_lock) _dimensions = rebuilt;
    }

    /// <summary>The segments of <paramref name="dimension"/> that have members: name, customers, total spend.</summary>
    public List<(string Segment, long Customers, long SpendMinor)> Segments(string dimension)
    {
        lock (_lock)
        {
            if (!_dimensions.TryGetValue(dimension, out var segments)) return [];
            return [.. segments.Where(s => s.Value.Count > 0).Select(s => (s.Key, s.Value.Count, s.Value.SpendMinor))];
        }
    }

    /// <summary>Up to <paramref name="limit"/> members of the segment with ids above <paramref name="afterCustomerId"/>
    /// (ascending), and how many members it has in all.</summary>
    public (List<long> Page, long Total) Members(string dimension, string segment, long afterCustomerId, int limit)
    {
        lock (_lock)
        {
            if (!_dimensions.TryGetValue(dimension, out var segments) || !segments.TryGetValue(segment, out var members)) return ([], 0);
            return (members.After(afterCustomerId, limit), members.Count);
        }
    }

    private static long SpendOf(CustomerEntry entry) => entry.Facts.Purchases.TotalMinor;

    private static void AddLocked(Dictionary<string, Dictionary<string, SegmentMembers>> dimensions, CustomerEntry entry)
    {
        var spend = SpendOf(entry);
        foreach (var m in entry.Memberships)
        {
            if (!dimensions.TryGetValue(m.Dimension, out var segments)) dimensions[m.Dimension] = segments = new(StringComparer.Ordinal);
            if (!segments.TryGetValue(m.Segment, out var members)) segments[m.Segment] = members = new SegmentMembers();
            members.Add(entry.CustomerId, spend);
        }
    }

    /// <summary>
    /// A segment the customer stays in only has its spend moved; only segments it leaves or joins change members.
    /// Removing and adding back every membership would empty the segment of a customer alone in it, give its bitmap
    /// back and allocate a new 8 KB chunk on every write of that customer.
    /// </summary>
    private static void MoveLocked(Dictionary<string, Dictionary<string, SegmentMembers>> dimensions, CustomerEntry before, CustomerEntry after)
    {
        long oldSpend = SpendOf(before), newSpend = SpendOf(after);
        foreach (var m in before.Memberships)
        {
            if (Holds(after.Memberships, m)) continue;
            if (!dimensions.TryGetValue(m.Dimension, out var segments) || !segments.TryGetValue(m.Segment, out var members)) continue;
            members.Remove(before.CustomerId, oldSpend);
            if (members.Count == 0) segments.Remove(m.Segment);
        }

        foreach (var m in after.Memberships)
        {
            if (!Holds(before.Memberships, m))
            {
                if (!dimensions.TryGetValue(m.Dimension, out var segments)) dimensions[m.Dimension] = segments = new(StringComparer.Ordinal);
                if (!segments.TryGetValue(m.Segment, out var members)) segments[m.Segment] = members = new SegmentMembers();
                members.Add(after.CustomerId, newSpend);
            }
            else if (oldSpend != newSpend && dimensions.TryGetValue(m.Dimension, out var segments) && segments.TryGetValue(m.Segment, out var members))
            {
                members.MoveSpend(after.CustomerId, oldSpend, newSpend);
            }
        }
    }

    private static bool Holds(Membership[] memberships, Membership wanted)
    {
        foreach (var m in memberships)
        {
            if (m.Dimension == wanted.Dimension && m.Segment == wanted.Segment) return true;
        }

        return false;
    }

    private static void RemoveLocked(Dictionary<string, Dictionary<string, SegmentMembers>> dimensions, CustomerEntry entry)
    {
        var spend = SpendOf(entry);
        foreach (var m in entry.Memberships)
        {
            if (!dimensions.TryGetValue(m.Dimension, out var segments) || !segments.TryGetValue(m.Segment, out var members)) continue;
            members.Remove(entry.CustomerId, spend);
            // An emptied segment gives its bitmap back (a retired rule's segment would otherwise hold it for good).
            if (members.Count == 0) segments.Remove(m.Segment);
        }
    }
}
