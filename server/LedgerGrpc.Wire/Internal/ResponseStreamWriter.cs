using Google.Protobuf;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// The response messages of a server-streaming or bidirectional call. Each write waits for the
/// transport to take the message (PipeWriter.FlushAsync), so a slow reader holds the handler back
/// instead of growing a buffer.
/// </summary>
internal sealed class ResponseStreamWriter<T>(WireServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private bool _writing;

    /// <summary>Set when the handler has returned: writes after that are a handler bug.</summary>
    public bool Completed { get; set; }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Completed)
        {
            throw new InvalidOperationException("The call has completed; no more responses can be written.");
        }

        if (_writing)
        {
            throw new InvalidOperationException("A write is already in progress on this response stream; await it before writing again.");
        }

        _writing = true;
        try
        {
            call.WriteMessage(message);
            var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
            var result = await call.BodyWriter.FlushAsync(token).ConfigureAwait(false);
            if (result.IsCanceled || result.IsCompleted)
            {
                throw new OperationCanceledException("The client is no longer reading responses.", call.CancellationToken);
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
