using System.Net;
using System.Net.Http;
using System.Security.Authentication;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>
/// Statuses for failures that are not a gRPC status sent by the server: HTTP status codes
/// (doc/http-grpc-status-mapping.md), HTTP/2 stream resets (PROTOCOL-HTTP2.md, "Errors") and
/// transport exceptions.
/// </summary>
internal static class StatusMapping
{
    public static StatusCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>The status for an HTTP/2 RST_STREAM error code received from the server.</summary>
    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable, // REFUSED_STREAM: nothing was processed, safe to retry
        0x8 => StatusCode.Cancelled, // CANCEL
        0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };

    public static Status FromException(Exception ex, string context)
    {
        if (ex is RpcException rpc)
        {
            return rpc.Status;
        }

        if (ex is OperationCanceledException)
        {
            // Only reached when no cancellation settled the call first, e.g. the channel was disposed.
            return new Status(StatusCode.Cancelled, $"{context}: the operation was cancelled.");
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                return new Status(FromHttp2ErrorCode(protocol.ErrorCode), $"{context}: the HTTP/2 stream failed: {protocol.Message}");
            }

            if (inner is AuthenticationException)
            {
                return new Status(StatusCode.Unavailable, $"{context}: the TLS handshake failed: {inner.Message}");
            }
        }

        if (ex is HttpRequestException or IOException or ObjectDisposedException)
        {
            // Connection refused, reset or closed: the server is not reachable (now).
            return new Status(StatusCode.Unavailable, $"{context}: {Describe(ex)}");
        }

        return new Status(StatusCode.Internal, $"{context}: {Describe(ex)}");
    }

    private static string Describe(Exception ex) =>
        ex.InnerException is { } inner ? $"{ex.GetType().Name}: {ex.Message} ({inner.GetType().Name}: {inner.Message})" : $"{ex.GetType().Name}: {ex.Message}";
}
