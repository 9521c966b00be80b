namespace LedgerGrpc.Server.Operations;

/// <summary>Configuration section "Operations": stopping, metrics and traces.</summary>
public sealed class OperationsOptions
{
    /// <summary>How long SIGTERM (or Ctrl+C) waits for calls in flight before ending them; the writer's queue is then
    /// drained and committed and the WAL checkpointed. Streams (WatchChanges) end at once with UNAVAILABLE.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
