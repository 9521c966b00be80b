using System.Collections.Concurrent;

namespace LedgerGrpc.Classification.Features;

/// <summary>
/// Shares one instance of the low-cardinality strings every customer repeats (products, industries, regions, sizes,
/// tags, attribute keys and values): a million customers with millions of purchases would otherwise hold millions of
/// copies of a few hundred names. Bounded so that a caller who puts unique text in such a field cannot grow it without
/// limit; past the bound a string is simply kept as it is.
/// </summary>
public static class StringPool
{
    private const int MaxEntries = 100_000;
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> AttributeValues = new(StringComparer.Ordinal);

    /// <summary>Products, industries, regions, sizes, tags and attribute keys.</summary>
    public static string Share(string value) => Share(Names, value);

    /// <summary>Custom attribute values, in a pool of their own: they are free text (an id per customer is a
    /// reasonable use), and filling the shared pool with them would stop product names being shared.</summary>
    public static string ShareAttributeValue(string value) => Share(AttributeValues, value);

    private static string Share(ConcurrentDictionary<string, string> pool, string value)
    {
        if (value.Length == 0) return "";
        if (pool.TryGetValue(value, out var shared)) return shared;
        return pool.Count < MaxEntries ? pool.GetOrAdd(value, value) : value;
    }
}
