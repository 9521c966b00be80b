using LedgerGrpc.Ledger;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>A commit hook that holds every write batch while closed: handlers waiting on the writer finish only when the test says.</summary>
internal sealed class CommitGate : ILedgerCommitHook
{
    private volatile TaskCompletionSource _open = Opened();

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task BeforeCommitAsync(LedgerCommitContext ctx, CancellationToken ct) => _open.Task.WaitAsync(ct);

    public void AfterCommit(LedgerCommitContext ctx)
    {
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
