namespace LedgerGrpc.Wire;

/// <summary>
/// Messages sent on a stream. WriteAsync completes when the transport has accepted the message,
/// so a slow reader slows the writer instead of growing a buffer (backpressure).
/// </summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>;
