using System.Buffers;
using System.Net;
using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>
/// A request body written message by message while the call runs. HTTP/2 lets the request body
/// and the response proceed at the same time, which is what makes bidirectional calls work: the
/// handler gets this content's stream, and writes go straight to it until the body is completed.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends one framed message; completes when the transport has taken it (flow control).</summary>
    public async Task WriteAsync(IMessage message, bool compress, CancellationToken cancellationToken)
    {
        var stream = await _stream.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>();
        MessageWriter.Write(buffer, message, compress);
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the request body (END_STREAM): the server sees the last request.</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>
    /// The call is over: no body will be written. Writers waiting for the stream get
    /// <paramref name="failure"/> (or an InvalidOperationException after a clean end).
    /// </summary>
    public void Abort(Exception? failure)
    {
        _stream.TrySetException(failure ?? new InvalidOperationException("The call has already finished; no more requests can be written."));
        if (failure is null)
        {
            _completed.TrySetResult();
        }
        else
        {
            // Never END_STREAM for a failed call: the server would take it for the last request
            // and might finish normally. A failed body makes the handler reset the stream instead.
            _completed.TrySetCanceled();
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        // The handler cancels this token when the HTTP/2 stream ends before the body does.
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
