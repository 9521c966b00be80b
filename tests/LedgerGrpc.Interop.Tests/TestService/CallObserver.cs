namespace LedgerGrpc.Interop.Tests.TestService;

/// <summary>
/// What <see cref="TestServiceImpl"/> reports to tests about calls the peer cannot see: how many
/// streamed responses were written before a write first had to wait for the transport, and how
/// streaming handlers ended after the client reset their stream.
/// </summary>
public sealed class CallObserver
{
    private int _written;

    /// <summary>Responses written before the first write that did not complete at once; -1 when a StreamingOutputCall ended with none waiting.</summary>
    public TaskCompletionSource<int> FirstPendingWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How the first StreamingOutputCall handler that failed ended: its exception and whether its CancellationToken was cancelled then.</summary>
    public TaskCompletionSource<HandlerEnd> StreamingOutputFailed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How the first FullDuplexCall handler ended: its exception (null when it returned) and whether its CancellationToken was cancelled then.</summary>
    public TaskCompletionSource<HandlerEnd> DuplexEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the first FullDuplexCall's request is aborted (HttpContext.RequestAborted fires), whenever that is.</summary>
    public TaskCompletionSource DuplexRequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wrote(bool completedAtOnce)
    {
        if (!completedAtOnce)
        {
            FirstPendingWrite.TrySetResult(Volatile.Read(ref _written));
        }

        Interlocked.Increment(ref _written);
    }

    public void StreamingOutputEnded() => FirstPendingWrite.TrySetResult(-1);

    public void StreamingOutputFailedWith(Exception error, bool tokenCancelled) => StreamingOutputFailed.TrySetResult(new(error, tokenCancelled));

    public void DuplexCallEnded(Exception? error, bool tokenCancelled) => DuplexEnded.TrySetResult(new(error, tokenCancelled));

    public void DuplexCallAborted() => DuplexRequestAborted.TrySetResult();
}
