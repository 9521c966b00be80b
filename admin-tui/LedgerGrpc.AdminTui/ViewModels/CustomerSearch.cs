using System.Globalization;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// One search box for every way an operator knows a customer: an id, an external ref, a tax id, or part of a name,
/// contact, phone or email. The exact lookups and the text search run together; results are merged by id.
/// </summary>
public static class CustomerSearch
{
    public static long? AsId(string query)
    {
        var text = query.Trim().TrimStart('#');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    public static IReadOnlyList<Customer> Merge(params IEnumerable<Customer>?[] lists)
        => lists.Where(l => l is not null).SelectMany(l => l!).GroupBy(c => c.Id).Select(g => g.First()).ToList();
}
