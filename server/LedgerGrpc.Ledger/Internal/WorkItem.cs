namespace LedgerGrpc.Ledger.Internal;

/// <summary>A queued command and the caller waiting for it; completed only after its batch commits.</summary>
internal abstract class WorkItem(string actor)
{
    public string Actor { get; } = actor;

    /// <summary>The command's "ledger.write" span (null when nobody traces), ended when its caller is answered.</summary>
    public System.Diagnostics.Activity? Activity { get; set; }

    public abstract string Name { get; }

    public abstract bool NeedsSavepoint { get; }

    public abstract void Apply(LedgerWriteSession session);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}

internal sealed class WorkItem<T>(LedgerCommand<T> command, string actor) : WorkItem(actor)
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _done.Task;

    public override string Name => command.Name;

    public override bool NeedsSavepoint => !command.ChecksBeforeWriting;

    public override void Apply(LedgerWriteSession session) => _result = command.Apply(session);

    public override void Complete()
    {
        Activity?.Stop();
        _done.TrySetResult(_result);
    }

    public override void Fail(Exception error)
    {
        Activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.Message);
        Activity?.Stop();
        _done.TrySetException(error);
    }
}
