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

    /// <summary>The batch's transaction was rolled back after BeforeCommitAsync ran (a hook or the commit failed):
    /// whatever the hook prepared for AfterCommit must be dropped.</summary>
    void AfterRollback(LedgerCommitContext ctx)
    {
    }
}
