using System.IO.Pipelines;
using System.Net;
using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>
/// One call on the wire: sends the HTTP/2 request, reads response headers, messages and trailers,
/// and settles the call's final status exactly once. Whatever settles it first wins: the
/// server's trailers, a transport failure, the deadline timer or a cancellation. Settling with a
/// failure resets the HTTP/2 stream so the server stops working on the call.
/// </summary>
internal sealed class WireCall<TResponse> : IActiveCall, IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly WireChannel _channel;
    private readonly MessageParser<TResponse> _parser;
    private readonly CancellationTokenSource _transportCts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _userCancellation;
    private ITimer? _deadlineTimer;
    private HttpResponseMessage? _response;
    private MessageReader? _reader;
    private PipeReader? _body;
    private StreamingRequestContent? _requestStream;
    private Status? _status;
    private Metadata? _trailers;
    private int _reading;

    public WireCall(WireChannel channel, MessageParser<TResponse> parser)
    {
        _channel = channel;
        _parser = parser;
    }

    /// <summary>Cancelled once the call is settled with a failure: stops sends, reads and writes.</summary>
    public CancellationToken TransportToken => _transportCts.Token;

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    public bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _status is not null;
            }
        }
    }

    /// <summary>Starts the call in the background; failures surface through reads and headers.</summary>
    public void Start(string path, HttpContent content, in CallOptions options, bool compress)
    {
        _requestStream = content as StreamingRequestContent;
        var deadline = options.Deadline is { } d ? (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d) : DateTime.MaxValue;
        TimeSpan? timeout = null;
        if (deadline != DateTime.MaxValue)
        {
            timeout = deadline - _channel.TimeProvider.GetUtcNow().UtcDateTime;
            if (timeout <= TimeSpan.Zero)
            {
                // Already expired: nothing is sent (the server could only refuse it).
                Settle(DeadlineExceededStatus, new Metadata());
                return;
            }
        }

        // Throws for invalid metadata before anything is registered or sent.
        var request = RequestBuilder.Build(_channel, path, content, options.Headers, timeout, compress);
        if (!_channel.TryAdd(this))
        {
            Cancel(new Status(StatusCode.Cancelled, "The channel was disposed before the call started."));
            return;
        }

        // Timers take at most uint.MaxValue - 1 ms (~49 days); a longer deadline never fires in practice.
        if (timeout is { } t && t.TotalMilliseconds < uint.MaxValue - 1)
        {
            _deadlineTimer = _channel.TimeProvider.CreateTimer(
                static state => ((WireCall<TResponse>)state!).Cancel(DeadlineExceededStatus),
                this,
                t,
                Timeout.InfiniteTimeSpan);
        }

        if (options.CancellationToken.CanBeCanceled)
        {
            // Runs at once if the token is already cancelled.
            _userCancellation = options.CancellationToken.UnsafeRegister(
                static state => ((WireCall<TResponse>)state!).Cancel(CancelledStatus),
                this);
        }

        if (IsFinished)
        {
            _deadlineTimer?.Dispose();
            request.Dispose();
            return;
        }

        _ = SendAsync(request);
    }

    /// <summary>Ends the call with <paramref name="status"/> unless it has already ended.</summary>
    public void Cancel(Status status) => Settle(status, new Metadata());

    /// <summary>The next response message, or null after the last one when the call ended OK.</summary>
    public async ValueTask<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Only one read of the response stream may be pending at a time.");
        }

        try
        {
            await _headers.Task.ConfigureAwait(false);
            var reader = _reader;
            if (reader is null)
            {
                return ThrowIfFailed();
            }

            TResponse? message;
            using (cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ((WireCall<TResponse>)s!).Cancel(CancelledStatus), this) : default)
            {
                try
                {
                    message = await reader.ReadAsync(_parser, _transportCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Settle(StatusMapping.FromException(ex, "Error reading response message"), new Metadata());
                    return ThrowIfFailed();
                }
            }

            if (message is not null)
            {
                return message;
            }

            var (status, trailers) = TrailerReader.Read(_response!.TrailingHeaders);
            Settle(status, trailers);
            return ThrowIfFailed();
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>Reads the single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> ReadSingleAsync()
    {
        var message = await ReadNextAsync(CancellationToken.None).ConfigureAwait(false);
        if (message is null)
        {
            throw Fail(new Status(StatusCode.Internal, "Failed to deserialize response message: the server sent no response message for a call that expects one."));
        }

        if (await ReadNextAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            throw Fail(new Status(StatusCode.Internal, "The server sent more than one response message for a call that expects one."));
        }

        return message;
    }

    public Status GetStatus()
    {
        lock (_lock)
        {
            return _status ?? throw new InvalidOperationException("The call has not finished: its status is known once the response stream has ended.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            return _trailers ?? throw new InvalidOperationException("The call has not finished: trailers arrive once the response stream has ended.");
        }
    }

    /// <summary>The exception a writer should see now that the call is over, or null while it runs.</summary>
    public Exception? GetWriteFailure()
    {
        lock (_lock)
        {
            if (_status is not { } status)
            {
                return null;
            }

            return status.StatusCode == StatusCode.OK
                ? new InvalidOperationException("The call has already finished; no more requests can be written.")
                : new RpcException(status, _trailers);
        }
    }

    public void Dispose()
    {
        Settle(new Status(StatusCode.Cancelled, "The call was disposed before it finished."), new Metadata());
        HttpResponseMessage? response;
        lock (_lock)
        {
            response = _response;
        }

        // After a clean end this only returns the connection's resources; before it, resets the stream.
        response?.Dispose();
        if (Volatile.Read(ref _reading) == 0)
        {
            _body?.Complete();
        }

        _deadlineTimer?.Dispose();
        _userCancellation.Dispose();
    }

    private static readonly Status CancelledStatus = new(StatusCode.Cancelled, "Call canceled by the client.");
    private static readonly Status DeadlineExceededStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    private async Task SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, _transportCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Settle(StatusMapping.FromException(ex, "Error starting gRPC call"), new Metadata());
            return;
        }

        lock (_lock)
        {
            if (_status is not null)
            {
                response.Dispose();
                return;
            }

            _response = response;
        }

        if (ResponseValidation.Validate(response) is { } outcome)
        {
            // A trailers-only response has no separate header block: its headers are the trailers.
            Settle(outcome.Status, outcome.Trailers, outcome.TrailersOnly ? new Metadata() : null);
            return;
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(_transportCts.Token).ConfigureAwait(false);
            _body = PipeReader.Create(stream);
            _reader = new MessageReader(_body, _channel.MaxReceiveMessageSize, ResponseValidation.Encoding(response));
        }
        catch (Exception ex)
        {
            Settle(StatusMapping.FromException(ex, "Error reading response"), new Metadata());
            return;
        }

        _headers.TrySetResult(HeaderMetadata.From(response));
    }

    /// <param name="responseHeaders">
    /// What ResponseHeadersAsync returns if it has not completed yet; null makes it throw the
    /// call's failure. Completed after the status is set so no reader sees headers without it.
    /// </param>
    private void Settle(Status status, Metadata trailers, Metadata? responseHeaders = null)
    {
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_status is not null)
            {
                return;
            }

            _status = status;
            _trailers = trailers;
            response = _response;
        }

        _deadlineTimer?.Dispose();
        _channel.Remove(this);
        if (status.StatusCode != StatusCode.OK)
        {
            // Cancel the transport: an unfinished HTTP/2 stream is reset (RST_STREAM CANCEL).
            _transportCts.Cancel();
            response?.Dispose();
        }

        _requestStream?.Abort(status.StatusCode == StatusCode.OK ? null : new RpcException(status, trailers));

        if (responseHeaders is not null)
        {
            _headers.TrySetResult(responseHeaders);
        }
        else if (_headers.TrySetException(new RpcException(status, trailers)))
        {
            // Reading Exception marks it observed: callers that never ask for the headers of a
            // failed call must not see it reported as an unobserved task exception.
            _ = _headers.Task.Exception;
        }
    }

    /// <summary>
    /// Ends the call with a protocol failure the client detected, even after the server's OK:
    /// a unary call whose server sent no message did not succeed.
    /// </summary>
    private RpcException Fail(Status status)
    {
        lock (_lock)
        {
            if (_status is { StatusCode: StatusCode.OK })
            {
                _status = status;
                return new RpcException(status, _trailers);
            }
        }

        Settle(status, new Metadata());
        lock (_lock)
        {
            return new RpcException(_status!.Value, _trailers);
        }
    }

    private TResponse? ThrowIfFailed()
    {
        lock (_lock)
        {
            if (_status is { } status && status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(status, _trailers);
            }
        }

        return null;
    }
}
