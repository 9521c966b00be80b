namespace LedgerGrpc.Classification.Engine;

/// <summary>An operator's override of a computed segment, with a reason, an author and an optional expiry.</summary>
public sealed record ManualOverride(long CustomerId, string Dimension, string Segment, string Reason, string Author, DateTime CreatedAt, DateTime? ExpiresAt)
{
    public bool IsActive(DateTime now) => ExpiresAt is not { } e || e > now;
}
