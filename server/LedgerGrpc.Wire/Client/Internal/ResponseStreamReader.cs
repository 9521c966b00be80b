using Google.Protobuf;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>The response stream of a server-streaming or bidirectional call.</summary>
internal sealed class ResponseStreamReader<TResponse>(WireCall<TResponse> call) : IAsyncStreamReader<TResponse>
    where TResponse : class, IMessage<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first and use Current only after it returned true.");

    /// <summary>
    /// False after the last message of a call that ended OK; an <see cref="RpcException"/> for any
    /// other end. Cancelling <paramref name="cancellationToken"/> cancels the call.
    /// </summary>
    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await call.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        _current = message;
        return message is not null;
    }
}
