namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Customer entries by id. Ledger ids are dense (SQLite assigns them in order from 1), so an array indexed by id costs
/// 8 bytes a customer where a concurrent dictionary costs about 50 (a node object per entry and a bucket), and a lookup
/// is one bounds check. Ids far beyond the array (never assigned by this ledger, but possible in principle) go to a
/// dictionary so that one odd id cannot make the array huge.
/// Reads are lock-free: an entry is published with a volatile write into the current array; growing copies the array
/// under the lock and then publishes the copy, and writers always write into the current one, so a reader that still
/// holds the old array sees a value that was current when it looked.
/// </summary>
public sealed class CustomerTable
{
    private const int InitialCapacity = 1024;
    private const long DenseLimit = 1L << 28;

    private readonly Lock _writing = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, CustomerEntry> _sparse = new();
    private CustomerEntry?[] _dense = new CustomerEntry?[InitialCapacity];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IEnumerable<CustomerEntry> Entries
    {
        get
        {
            var dense = Volatile.Read(ref _dense);
            for (var i = 0; i < dense.Length; i++)
            {
                if (Volatile.Read(ref dense[i]) is { } entry) yield return entry;
            }

            foreach (var entry in _sparse.Values) yield return entry;
        }
    }

    public CustomerEntry? Get(long customerId)
    {
        var dense = Volatile.Read(ref _dense);
        if ((ulong)customerId < (ulong)dense.Length) return Volatile.Read(ref dense[customerId]);
        return customerId >= DenseLimit || customerId < 0 ? _sparse.GetValueOrDefault(customerId) : null;
    }

    public void Set(long customerId, CustomerEntry entry)
    {
        lock (_writing)
        {
            if (customerId < 0 || customerId >= DenseLimit)
            {
                if (_sparse.TryAdd(customerId, entry)) _count++;
                else _sparse[customerId] = entry;
                return;
            }

            var dense = SlotsFor(customerId);
            if (dense[customerId] is null) _count++;
            Volatile.Write(ref dense[customerId], entry);
        }
    }

    public void Remove(long customerId)
    {
        lock (_writing)
        {
            if (customerId < 0 || customerId >= DenseLimit)
            {
                if (_sparse.TryRemove(customerId, out _)) _count--;
                return;
            }

            var dense = _dense;
            if ((ulong)customerId >= (ulong)dense.Length || dense[customerId] is null) return;
            Volatile.Write(ref dense[customerId], null);
            _count--;
        }
    }

    private CustomerEntry?[] SlotsFor(long customerId)
    {
        var dense = _dense;
        if (customerId < dense.Length) return dense;
        var grown = new CustomerEntry?[Math.Max(customerId + 1, Math.Min(DenseLimit, (long)dense.Length * 2))];
        Array.Copy(dense, grown, dense.Length);
        Volatile.Write(ref _dense, grown);
        return grown;
    }
}
