using LedgerGrpc.Ledger;

namespace LedgerGrpc.Classification.Engine;

/// <summary>Re-classifies the customers of every ledger batch inside the batch's transaction.</summary>
public sealed class LedgerClassificationHook(ClassificationEngine engine) : ILedgerCommitHook
{
    public Task BeforeCommitAsync(LedgerCommitContext ctx, CancellationToken ct) => engine.BeforeLedgerCommitAsync(ctx, ct);

    public void AfterCommit(LedgerCommitContext ctx) => engine.AfterLedgerCommit();

    public void AfterRollback(LedgerCommitContext ctx) => engine.AfterLedgerRollback();
}
