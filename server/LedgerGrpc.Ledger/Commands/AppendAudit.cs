using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>
/// Records an event that is not itself a ledger write (a workflow publish, a backup, an export, a
/// plugin approval, a summary of refused calls) in the audit log, through the writer so it is
/// ordered with the ledger's own entries and never competes with the writer for SQLite's lock.
/// </summary>
public sealed class AppendAudit : LedgerCommand<AuditEntry>
{
    public const int MaxDetailsLength = 16_384;

    /// <summary>What happened, e.g. "PublishWorkflow".</summary>
    public required string Action { get; init; }

    /// <summary>What kind of thing it happened to, e.g. "Workflow".</summary>
    public required string EntityType { get; init; }

    /// <summary>The thing's name (workflow name, file name, key name) when it has no numeric id.</summary>
    public string? EntityKey { get; init; }

    public long EntityId { get; init; }

    public long? CustomerId { get; init; }

    /// <summary>JSON describing the event (recorded as the entry's after-state).</summary>
    public string? DetailsJson { get; init; }

    public override string Name => Action;

    public override void Validate(LedgerOptions options)
    {
        Check.Required(Action, "action", 100);
        Check.Required(EntityType, "entity_type", 100);
        Check.Optional(EntityKey, "entity_key", 400);
        Check.Optional(DetailsJson, "details", MaxDetailsLength);
    }

    internal override bool ChecksBeforeWriting => true;

    internal override AuditEntry Apply(LedgerWriteSession session) =>
        session.AuditNamed(Action, EntityType, EntityKey, EntityId, CustomerId, null, DetailsJson);
}
