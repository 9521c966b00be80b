using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Internal;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Audit entries for events that are not ledger writes: workflow publishes, rollbacks and deletes,
/// overrides, backups, exports, plugin approvals and reloads. Written through the writer (ordered
/// with the ledger's own entries); recorded after the event succeeded.
/// </summary>
public sealed class AuditTrail(LedgerWriter writer)
{
    /// <param name="details">Name → value pairs describing the event (no secrets, no financial figures beyond what the entity is).</param>
    public Task RecordAsync(string actor, string action, string entityType, string? entityKey, IReadOnlyDictionary<string, string?>? details = null, long entityId = 0, long? customerId = null) =>
        writer.ExecuteAsync(new AppendAudit
        {
            Action = action,
            EntityType = entityType,
            EntityKey = entityKey is null ? null : Quote.Short(entityKey, 200),
            EntityId = entityId,
            CustomerId = customerId,
            DetailsJson = details is null ? null : LedgerWriteSession.ToJson(details.ToDictionary(d => d.Key, d => d.Value is null ? null : Quote.Short(d.Value, 1000))),
        }, actor);
}
