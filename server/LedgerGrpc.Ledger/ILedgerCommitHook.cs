namespace LedgerGrpc.Ledger;

/// <summary>
/// Called by the group-commit writer for every batch that changed something. BeforeCommitAsync runs
/// inside the batch's SQLite transaction (so its writes commit or roll back with the ledger's);
/// AfterCommit runs once the batch is durable, before callers are acknowledged.
/// </summary>
public interface ILedgerCommitHook
{
    Task BeforeCommitAsync(LedgerCommitContext ctx, CancellationToken ct);

    void AfterCommit(LedgerCommitContext ctx);
}
