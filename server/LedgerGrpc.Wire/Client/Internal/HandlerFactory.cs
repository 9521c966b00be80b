using System.Net;
using System.Net.Http;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>The HTTP/2 handler a channel uses unless given its own.</summary>
internal static class HandlerFactory
{
    public static SocketsHttpHandler Create(WireChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // A server allows a limited number of concurrent streams per connection (often 100);
            // further calls open new connections instead of waiting for a free stream.
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = options.ConnectTimeout,
            // Idle connections stay open: reconnecting costs more than an idle socket.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            // An HTTP proxy from the environment cannot carry cleartext HTTP/2 with prior knowledge.
            UseProxy = false,
        };

        if (options.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }

        return handler;
    }
}
