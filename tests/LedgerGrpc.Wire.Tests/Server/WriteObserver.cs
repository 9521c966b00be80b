namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>
/// Registered by backpressure tests: InteropTestService reports how many streamed responses it had
/// written when a write first had to wait for the transport (or -1 if none ever waited).
/// </summary>
public sealed class WriteObserver
{
    public TaskCompletionSource<int> FirstPendingWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
