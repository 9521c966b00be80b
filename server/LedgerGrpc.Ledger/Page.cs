using System.Globalization;

namespace LedgerGrpc.Ledger;

/// <summary>One page of a keyset-paged listing; the token is the last id returned ("" at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);

/// <summary>Validated paging input: page_size 0 = default 100, at most 1000; page_token from a previous page.</summary>
public readonly record struct PageRequest(int Size, long AfterId)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    public static PageRequest Parse(int pageSize, string? pageToken)
    {
        if (pageSize < 0 || pageSize > MaxSize)
        {
            throw LedgerException.Invalid("page_size", $"must be between 0 and {MaxSize} (got {pageSize})");
        }

        long after = 0;
        if (!string.IsNullOrEmpty(pageToken)
            && (!long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after <= 0))
        {
            throw LedgerException.Invalid("page_token", "is not a token returned by a previous page");
        }

        return new PageRequest(pageSize == 0 ? DefaultSize : pageSize, after);
    }

    /// <summary>Builds the page from up to Size + 1 rows (the extra one says whether more follow).</summary>
    public Page<T> ToPage<T>(List<T> rows, Func<T, long> id)
    {
        if (rows.Count <= Size)
        {
            return new Page<T>(rows, "");
        }

        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, id(rows[^1]).ToString(CultureInfo.InvariantCulture));
    }
}
