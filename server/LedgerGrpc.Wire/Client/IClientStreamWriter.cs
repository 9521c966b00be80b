namespace LedgerGrpc.Wire.Client;

/// <summary>
/// The request side of a client-streaming or bidirectional call. One write at a time; each write
/// completes when the transport has taken the message (backpressure).
/// </summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Half-closes the request stream: the server sees the end of its requests.</summary>
    Task CompleteAsync();
}
