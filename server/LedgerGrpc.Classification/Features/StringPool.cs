using System.Collections.Concurrent;

namespace LedgerGrpc.Classification.Features;

/// <summary>
/// Shares one instance of the low-cardinality strings every customer repeats (products, industries, regions, sizes):
/// a million customers with millions of purchases would otherwise hold millions of copies of a few hundred names.
/// Bounded so that a caller who puts unique text in such a field cannot grow it without limit; past the bound a string
/// is simply kept as it is.
/// </summary>
public static class StringPool
{
    private const int MaxEntries = 100_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Share(string value)
    {
        if (value.Length == 0) return "";
        if (Pool.TryGetValue(value, out var shared)) return shared;
        return Pool.Count < MaxEntries ? Pool.GetOrAdd(value, value) : value;
    }
}
