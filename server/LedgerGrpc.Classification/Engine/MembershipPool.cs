using System.Runtime.CompilerServices;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Shares equal <see cref="Membership"/> objects. A re-classification gives a million customers memberships that differ
/// only in dimension, segment and rule (they all start "now"), and a restart loads millions of rows that repeat the
/// same few hundred values; one object per distinct value instead of one per customer and dimension saves hundreds of
/// megabytes at that size. Memberships are immutable records, so sharing is invisible to readers.
/// </summary>
public static class MembershipPool
{
    private const int Slots = 256;

    [ThreadStatic]
    private static Membership?[]? _recent;

    /// <summary>A membership equal to the one described, reusing one this thread made recently when possible.
    /// Direct-mapped on the (already shared) strings' identities: a lookup is a hash and a few comparisons.</summary>
    public static Membership Fresh(string dimension, string segment, string rule, int version, DateTime since, bool overridden = false)
    {
        var recent = _recent ??= new Membership?[Slots];
        var slot = (RuntimeHelpers.GetHashCode(dimension) ^ (RuntimeHelpers.GetHashCode(segment) * 31) ^ (RuntimeHelpers.GetHashCode(rule) * 17)) & (Slots - 1);
        if (recent[slot] is { } m && ReferenceEquals(m.Dimension, dimension) && ReferenceEquals(m.Segment, segment) && ReferenceEquals(m.Rule, rule)
            && m.WorkflowVersion == version && m.Since == since && m.Overridden == overridden)
        {
            return m;
        }

        return recent[slot] = new Membership(dimension, segment, rule, version, since, overridden);
    }

    [ThreadStatic]
    private static Membership[]?[]? _recentArrays;

    /// <summary>
    /// An array with exactly <paramref name="memberships"/> (shared objects, see <see cref="Fresh"/>), reusing one this
    /// thread made recently. Customers in the same segments of every dimension then share one array: a re-classification
    /// of a million customers makes a few thousand arrays instead of a million. Arrays are never changed once made.
    /// </summary>
    public static Membership[] ArrayOf(List<Membership> memberships)
    {
        var recent = _recentArrays ??= new Membership[]?[Slots * 4];
        var slot = IdentityHash(memberships) & ((Slots * 4) - 1);
        if (recent[slot] is { } array && SameObjects(array, memberships)) return array;
        return recent[slot] = [.. memberships];
    }

    internal static bool SameObjects(Membership[] array, List<Membership> list)
    {
        if (array.Length != list.Count) return false;
        for (var i = 0; i < array.Length; i++)
        {
            if (!ReferenceEquals(array[i], list[i])) return false;
        }

        return true;
    }

    private static int IdentityHash(IEnumerable<Membership> memberships)
    {
        var hash = new HashCode();
        foreach (var m in memberships) hash.Add(RuntimeHelpers.GetHashCode(m));
        return hash.ToHashCode();
    }

    /// <summary>Shares equal memberships while loading many (bounded, so a ledger whose memberships are all different
    /// costs a dictionary of limited size, not a second copy).</summary>
    public sealed class Loader
    {
        private const int MaxDistinct = 200_000;
        private readonly Dictionary<Membership, Membership> _seen = [];

        private readonly Dictionary<Membership[], Membership[]> _arrays = new(SameObjectsComparer.Instance);

        public Membership Share(Membership membership)
        {
            if (_seen.TryGetValue(membership, out var shared)) return shared;
            if (_seen.Count < MaxDistinct) _seen[membership] = membership;
            return membership;
        }

        /// <summary>One array per distinct list of (shared) memberships: most customers repeat a few thousand.</summary>
        public Membership[] ShareArray(List<Membership> memberships)
        {
            Membership[] array = [.. memberships];
            if (_arrays.TryGetValue(array, out var shared)) return shared;
            if (_arrays.Count < MaxDistinct) _arrays[array] = array;
            return array;
        }
    }

    private sealed class SameObjectsComparer : IEqualityComparer<Membership[]>
    {
        public static readonly SameObjectsComparer Instance = new();

        public bool Equals(Membership[]? x, Membership[]? y) =>
            x is not null && y is not null && x.AsSpan().SequenceEqual(y, ReferenceEqualityComparer.Instance);

        public int GetHashCode(Membership[] obj) => IdentityHash(obj);
    }
}
