namespace LedgerGrpc.Ledger;

/// <summary>
/// Filters for <see cref="LedgerReader.ListAuditEntriesAsync"/>; empty strings and nulls match
/// everything. Pages are newest first; the token is the last id returned.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>Exact principal; also matches entries where that principal acted through a service ("svc (for alice)").</summary>
    public string Actor { get; init; } = "";

    public string Action { get; init; } = "";

    public string EntityType { get; init; } = "";

    /// <summary>The entity's id (digits) or name (workflow, key, file).</summary>
    public string Entity { get; init; } = "";

    /// <summary>Inclusive lower bound (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Exclusive upper bound (UTC).</summary>
    public DateTime? To { get; init; }

    public int PageSize { get; init; }

    public string PageToken { get; init; } = "";
}
