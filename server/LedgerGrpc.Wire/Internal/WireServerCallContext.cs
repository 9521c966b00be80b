using System.IO.Pipelines;
using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// One call on the server: deadline and cancellation, metadata both ways, and the response's
/// headers, messages and trailers. Metadata and user state are created only when asked for, so a
/// plain unary call allocates little beyond the context itself.
/// </summary>
internal sealed class WireServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly WireMethod _method;
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenRegistration _abortRegistration;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Dictionary<object, object?>? _userState;
    private bool _headersSent;
    private bool _compressing;

    public WireServerCallContext(HttpContext http, WireMethod method, TimeSpan? timeout, TimeProvider timeProvider, bool compressResponses)
    {
        _http = http;
        _method = method;
        CompressResponses = compressResponses;
        var aborted = http.RequestAborted;
        if (timeout is not { } value)
        {
            Deadline = DateTime.MaxValue;
            CancellationToken = aborted;
            return;
        }

        Deadline = timeProvider.GetUtcNow().UtcDateTime + value;
        // CancellationTokenSource cannot wait longer than about 49 days; such deadlines never fire.
        _deadlineSource = value < TimeSpan.FromDays(40)
            ? new CancellationTokenSource(value, timeProvider)
            : new CancellationTokenSource();
        _abortRegistration = aborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _deadlineSource);
        CancellationToken = _deadlineSource.Token;
    }

    public override string Method => _method.FullName;

    public override string Peer
    {
        get
        {
            var connection = _http.Connection;
            var address = connection.RemoteIpAddress;
            return address is null
                ? "unknown"
                : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                    ? $"ipv6:[{address}]:{connection.RemotePort}"
                    : $"ipv4:{address}:{connection.RemotePort}";
        }
    }

    public override DateTime Deadline { get; }

    public override CancellationToken CancellationToken { get; }

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override IDictionary<object, object?> UserState => _userState ??= [];

    public override HttpContext HttpContext => _http;

    /// <summary>True once the deadline (not a client reset) cancelled the call.</summary>
    public bool DeadlineExpired => _deadlineSource is { IsCancellationRequested: true } && !_http.RequestAborted.IsCancellationRequested;

    /// <summary>True once anything beyond a trailers-only response has been sent or buffered.</summary>
    public bool ResponseStarted => _headersSent || _http.Response.HasStarted;

    public PipeWriter BodyWriter => _http.Response.BodyWriter;

    /// <summary>The request message reader, carried through interceptors to the handler invocation.</summary>
    public MessageReader? Reader { get; set; }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        if (ResponseStarted)
        {
            throw new InvalidOperationException("Response headers have already been sent for this call.");
        }

        var headers = _http.Response.Headers;
        foreach (var entry in responseHeaders)
        {
            if (!GrpcHeaders.IsReserved(entry.Key))
            {
                headers.Append(entry.Key, MetadataHeaders.ToHeaderValue(entry));
            }
        }

        PrepareHeaders();
        await _http.Response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Buffers one framed message; the caller flushes (streaming) or lets completion flush (unary).</summary>
    public void WriteMessage(IMessage message)
    {
        if (!_headersSent)
        {
            PrepareHeaders();
        }

        MessageWriter.Write(_http.Response.BodyWriter, message, _compressing);
    }

    /// <summary>
    /// Sends the final status: as trailers after a response, or for a call that sent nothing, as
    /// a trailers-only response (status in the only HEADERS frame).
    /// </summary>
    public void CompleteWithStatus(Status status)
    {
        var response = _http.Response;
        if (!ResponseStarted)
        {
            var headers = response.Headers;
            headers[GrpcHeaders.Status] = StatusHeaderValues.ToHeader(status.StatusCode);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                headers[GrpcHeaders.Message] = PercentEncoding.Encode(status.Detail);
            }

            if (_responseTrailers is { Count: > 0 } extra)
            {
                foreach (var entry in extra)
                {
                    if (!GrpcHeaders.IsReserved(entry.Key))
                    {
                        headers.Append(entry.Key, MetadataHeaders.ToHeaderValue(entry));
                    }
                }
            }

            return;
        }

        response.AppendTrailer(GrpcHeaders.Status, StatusHeaderValues.ToHeader(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcHeaders.Message, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is { Count: > 0 } trailers)
        {
            foreach (var entry in trailers)
            {
                if (!GrpcHeaders.IsReserved(entry.Key))
                {
                    response.AppendTrailer(entry.Key, MetadataHeaders.ToHeaderValue(entry));
                }
            }
        }
    }

    public void Dispose()
    {
        if (_deadlineSource is not null)
        {
            _abortRegistration.Dispose();
            _deadlineSource.Dispose();
        }
    }

    private void PrepareHeaders()
    {
        _headersSent = true;
        if (CompressResponses && ClientAcceptsGzip())
        {
            _compressing = true;
            _http.Response.Headers[GrpcHeaders.Encoding] = GrpcHeaders.GzipEncoding;
        }
    }

    private bool ClientAcceptsGzip()
    {
        foreach (var value in _http.Request.Headers[GrpcHeaders.AcceptEncoding])
        {
            foreach (var part in (value ?? "").Split(','))
            {
                if (part.Trim().Equals(GrpcHeaders.GzipEncoding, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in _http.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                if (value is not null && MetadataHeaders.ToEntry(header.Key, value) is { } entry)
                {
                    metadata.Add(entry);
                }
            }
        }

        return metadata;
    }
}
