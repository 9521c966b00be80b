namespace LedgerGrpc.Ledger;

/// <summary>ListCustomers input: text search, exact attribute filters, archived or not, paging.</summary>
public sealed record CustomerQuery
{
    public string Search { get; init; } = "";
    public IReadOnlyDictionary<string, string> AttributeFilters { get; init; } = new Dictionary<string, string>();
    public bool IncludeArchived { get; init; }
    public int PageSize { get; init; }
    public string PageToken { get; init; } = "";
}
