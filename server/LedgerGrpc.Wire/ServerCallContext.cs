namespace LedgerGrpc.Wire;

/// <summary>What a handler knows about the call it is serving and how it shapes the response.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, "/package.Service/Method".</summary>
    public abstract string Method { get; }

    /// <summary>The caller's address, e.g. "ipv4:127.0.0.1:51234".</summary>
    public abstract string Peer { get; }

    /// <summary>When the call's deadline expires (UTC), or DateTime.MaxValue without grpc-timeout.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>Cancelled when the deadline passes or the client resets the stream.</summary>
    public abstract CancellationToken CancellationToken { get; }

    public abstract Metadata RequestHeaders { get; }

    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status sent when the handler returns normally (OK unless set).</summary>
    public abstract Status Status { get; set; }

    /// <summary>Per-call state for interceptors and handlers.</summary>
    public abstract IDictionary<object, object?> UserState { get; }

    /// <summary>The underlying ASP.NET Core context, for hosts that need it (auth, connection info).</summary>
    public abstract Microsoft.AspNetCore.Http.HttpContext HttpContext { get; }

    /// <summary>
    /// Compress response messages with gzip if the client accepts it (grpc-accept-encoding).
    /// Set before the first message; defaults to WireServerOptions.CompressResponses.
    /// </summary>
    public virtual bool CompressResponses { get; set; }

    /// <summary>Sends response headers now; only once, and before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);
}
