namespace LedgerGrpc.Interop.Tests.TestService;

/// <summary>
/// What <see cref="TestServiceImpl"/> reports to tests about calls the peer cannot see: how many
/// streamed responses were written before a write first had to wait for the transport, and whether
/// a duplex handler's CancellationToken was cancelled when it ended.
/// </summary>
public sealed class CallObserver
{
    private int _written;

    /// <summary>Responses written before the first write that did not complete at once; -1 when a StreamingOutputCall ended with none waiting.</summary>
    public TaskCompletionSource<int> FirstPendingWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the first FullDuplexCall handler to end saw its token cancelled.</summary>
    public TaskCompletionSource<bool> DuplexEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wrote(bool completedAtOnce)
    {
        if (!completedAtOnce)
        {
            FirstPendingWrite.TrySetResult(Volatile.Read(ref _written));
        }

        Interlocked.Increment(ref _written);
    }

    public void StreamingOutputEnded() => FirstPendingWrite.TrySetResult(-1);

    public void DuplexCallEnded(bool cancelled) => DuplexEnded.TrySetResult(cancelled);
}
