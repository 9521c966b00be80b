namespace LedgerGrpc.Ledger.Model;

/// <summary>
/// One audited event: who (the authenticated principal, "principal (for x)" when a service acts on
/// someone's behalf), what, when, and the entity before and after as JSON. Append-only: nothing in
/// the API updates or deletes a row.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public long EntityId { get; set; }

    /// <summary>The entity's name when it has no numeric id (a workflow, an API key, a backup file).</summary>
    public string? EntityKey { get; set; }
    public long? CustomerId { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}
