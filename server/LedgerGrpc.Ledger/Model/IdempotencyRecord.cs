namespace LedgerGrpc.Ledger.Model;

/// <summary>
/// A write made with an idempotency key: the operation (scope), the key, a fingerprint of the request
/// content and the id of what was created, so a retry returns the original and a reuse of the key
/// with different content is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public long ResultId { get; set; }
    public DateTime CreatedAt { get; set; }
}
