using Google.Protobuf;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>The request stream of a client-streaming or bidirectional call.</summary>
internal sealed class ClientStreamWriter<TRequest, TResponse>(WireCall<TResponse> call, StreamingRequestContent content, bool compress)
    : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private int _writing;
    private volatile bool _completed;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream has already been completed; no more requests can be written.");
        }

        if (call.GetWriteFailure() is { } failure)
        {
            throw failure;
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("Only one write to the request stream may be pending at a time; await the previous WriteAsync first.");
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.TransportToken);
            await content.WriteAsync(message, compress, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InvalidOperationException and not RpcException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Half a message may have been written: the call cannot go on.
                call.Cancel(new Status(StatusCode.Cancelled, "Call canceled by the client while writing a request."));
            }

            throw call.GetWriteFailure() ?? new RpcException(Internal.StatusMapping.FromException(ex, "Error writing request message"), innerException: ex);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        content.Complete();
        return Task.CompletedTask;
    }
}
