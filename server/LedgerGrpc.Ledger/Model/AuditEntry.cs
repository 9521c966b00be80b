namespace LedgerGrpc.Ledger.Model;

/// <summary>One change: who (x-ledger-actor), what, when, and the entity before and after as JSON.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public long EntityId { get; set; }
    public long? CustomerId { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}
