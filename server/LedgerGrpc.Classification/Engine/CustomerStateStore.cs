using System.Collections.Concurrent;

namespace LedgerGrpc.Classification.Engine;

/// <summary>The in-memory state reads are answered from: every customer's facts, features and memberships, and the
/// operators' overrides and tree assignments. Kept in step with SQLite by the classification engine.</summary>
public sealed class CustomerStateStore
{
    private readonly CustomerTable _customers = new();
    private readonly ConcurrentDictionary<(long CustomerId, string Dimension), ManualOverride> _overrides = new();
    private readonly ConcurrentDictionary<long, string> _categories = new();
    private long _version;

    public int Count => _customers.Count;

    public IEnumerable<CustomerEntry> Entries => _customers.Entries;

    public CustomerEntry? Get(long customerId) => _customers.Get(customerId);

    public long NextVersion() => Interlocked.Increment(ref _version);

    public void Set(CustomerEntry entry) => _customers.Set(entry.CustomerId, entry);

    public void Remove(long customerId) => _customers.Remove(customerId);

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
