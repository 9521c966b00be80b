using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Every customer's sort keys for listing members (spend, outstanding, the first four characters of the name) and its
/// profile (for the name filter) in one array indexed by id, kept by <see cref="CustomerStateStore"/> beside the entries. A sorted page walks a segment's ids
/// in ascending order, so reading keys from here is a forward scan of one array; reading them through the entries cost
/// four dependent memory loads a member (entry, facts, profile, name), most of them cache misses: at half a million
/// members, about 200 ms a page against 20-40 ms. 32 bytes a customer. Ids outside the dense range are not kept here
/// (<see cref="TryGet"/> is false and the caller reads the entry). One writer (the store's lock); readers never lock:
/// each field is written whole, and a reader holding an array replaced by growth sees the keys current when it looked.
/// </summary>
internal sealed class MemberKeys
{
    private const long DenseLimit = 1L << 28;
    private Keys[] _keys = [];

    public void Set(CustomerEntry entry)
    {
        var id = entry.CustomerId;
        if (id < 0 || id >= DenseLimit) return;
        var keys = _keys;
        if (id >= keys.Length)
        {
            var grown = new Keys[Math.Max(id + 1, Math.Min(DenseLimit, Math.Max(1024L, (long)keys.Length * 2)))];
            Array.Copy(keys, grown, keys.Length);
            Volatile.Write(ref _keys, grown);
            keys = grown;
        }

        ref var slot = ref keys[id];
        slot.Spend = SortKey(entry, MemberOrder.Spend);
        slot.Outstanding = SortKey(entry, MemberOrder.Outstanding);
        slot.Name = SortKey(entry, MemberOrder.Name);
        Volatile.Write(ref slot.Profile, entry.Facts.Profile);
    }

    /// <summary>The customer's profile (name, external ref), when it is kept here.</summary>
    public CustomerProfile? Profile(long id)
    {
        var keys = Volatile.Read(ref _keys);
        return (ulong)id < (ulong)keys.Length ? Volatile.Read(ref keys[id].Profile) : null;
    }

    /// <summary>The customer's key for <paramref name="order"/>, when it is kept here.</summary>
    public bool TryGet(long id, MemberOrder order, out ulong key)
    {
        var keys = Volatile.Read(ref _keys);
        if ((ulong)id >= (ulong)keys.Length)
        {
            key = 0;
            return false;
        }

        key = order switch
        {
            MemberOrder.Spend => Volatile.Read(ref keys[id].Spend),
            MemberOrder.Outstanding => Volatile.Read(ref keys[id].Outstanding),
            MemberOrder.Name => Volatile.Read(ref keys[id].Name),
            _ => 0,
        };
        return true;
    }

    /// <summary>The key an entry sorts by, as an unsigned number whose order is the order's (names: by their first
    /// four UTF-16 units, so equal keys need the whole names compared).</summary>
    public static ulong SortKey(CustomerEntry entry, MemberOrder order) => order switch
    {
        MemberOrder.Spend => Signed(entry.Facts.Purchases.TotalMinor),
        MemberOrder.Outstanding => Signed(Outstanding(entry.Facts.Invoices)),
        MemberOrder.Name => NamePrefix(entry.Facts.Profile.Name),
        _ => 0,
    };

    /// <summary>Money in minor units as a key (a negative spend, refunds over sales, sorts first).</summary>
    public static ulong Signed(long value) => (ulong)(value ^ long.MinValue);

    /// <summary>The first four UTF-16 units, high first, zero-padded: a shorter prefix of a name sorts before it, as
    /// in ordinal order.</summary>
    public static ulong NamePrefix(string name)
    {
        ulong key = 0;
        for (var i = 0; i < 4; i++) key = (key << 16) | (i < name.Length ? name[i] : 0u);
        return key;
    }

    /// <summary>Open invoice amounts: issued minus paid minus written off, per invoice.</summary>
    public static long Outstanding(InvoiceFact[] invoices)
    {
        long open = 0;
        foreach (var invoice in invoices) open += Math.Max(0, invoice.AmountMinor - invoice.PaidMinor - invoice.WrittenOffMinor);
        return open;
    }

    private struct Keys
    {
        public ulong Spend;
        public ulong Outstanding;
        public ulong Name;
        public CustomerProfile? Profile;
    }
}
