using System.Collections.Concurrent;

namespace LedgerGrpc.Classification.Engine;

/// <summary>The in-memory state reads are answered from: every customer's facts, features and memberships, and the
/// operators' overrides and tree assignments. Kept in step with SQLite by the classification engine.</summary>
public sealed class CustomerStateStore
{
    private readonly CustomerTable _customers = new();
    private readonly Lock _writing = new();
    private readonly ConcurrentDictionary<(long CustomerId, string Dimension), ManualOverride> _overrides = new();
    private readonly ConcurrentDictionary<long, string> _categories = new();
    private long _version;

    public int Count => _customers.Count;

    public IEnumerable<CustomerEntry> Entries => _customers.Entries;

    public CustomerEntry? Get(long customerId) => _customers.Get(customerId);

    public long NextVersion() => Interlocked.Increment(ref _version);

    /// <summary>Who is in which segment, kept in step with the entries (see <see cref="SegmentIndex"/>).</summary>
    public SegmentIndex Segments { get; } = new();

    /// <summary>Every customer's keys for listing members in spend, outstanding or name order.</summary>
    internal MemberKeys Keys { get; } = new();

    public void Set(CustomerEntry entry)
    {
        // Writers serialised so that the entry replaced is the one the index moves the customer out of.
        lock (_writing)
        {
            var before = _customers.Get(entry.CustomerId);
            _customers.Set(entry.CustomerId, entry);
            // Keys follow the facts; most replacements (memberships moved, features refreshed) keep them.
            if (!ReferenceEquals(before?.Facts, entry.Facts)) Keys.Set(entry);
            Segments.Replace(before, entry);
        }
    }

    public void Remove(long customerId)
    {
        lock (_writing)
        {
            var before = _customers.Get(customerId);
            _customers.Remove(customerId);
            Segments.Replace(before, null);
        }
    }

    /// <summary>Recomputes <see cref="Segments"/> from the entries held now, in one call: for entries restored in bulk
    /// (a state snapshot) without going through <see cref="Set"/>. Entries are not replaced meanwhile.</summary>
    public void RebuildSegmentIndex()
    {
        lock (_writing)
        {
            Segments.Rebuild(_customers.Entries);
            foreach (var entry in _customers.Entries) Keys.Set(entry);
        }
    }

    public ManualOverride? OverrideFor(long customerId, string dimension) => _overrides.GetValueOrDefault((customerId, dimension));

    public IEnumerable<ManualOverride> Overrides => _overrides.Values;

    public void SetOverride(ManualOverride manual) => _overrides[(manual.CustomerId, manual.Dimension)] = manual;

    public void ClearOverride(long customerId, string dimension) => _overrides.TryRemove((customerId, dimension), out _);

    public string? CategoryOf(long customerId) => _categories.GetValueOrDefault(customerId);

    public void SetCategory(long customerId, string? code)
    {
        if (string.IsNullOrEmpty(code)) _categories.TryRemove(customerId, out _);
        else _categories[customerId] = code;
    }
}
