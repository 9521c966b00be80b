using System.Net.Security;

namespace LedgerGrpc.Wire.Client;

/// <summary>Settings shared by every call on a <see cref="WireChannel"/>.</summary>
public sealed class WireChannelOptions
{
    /// <summary>The gRPC default: larger responses fail with RESOURCE_EXHAUSTED.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest response message accepted, before and after decompression; null for no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>gzip request messages of every call, as if each set <see cref="CallOptions.Compress"/>.</summary>
    public bool CompressRequests { get; set; }

    /// <summary>Metadata sent with every call (e.g. an authorization token), before the call's own headers.</summary>
    public Metadata? DefaultHeaders { get; set; }

    /// <summary>
    /// Checks the server's TLS certificate (https only) instead of the system trust store, e.g. to
    /// accept a self-signed certificate by thumbprint.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>
    /// Idle time after which an HTTP/2 PING checks that the connection is alive while calls are
    /// active. Five minutes matches the smallest interval gRPC servers accept by default
    /// (grpc.http2.min_ping_interval_without_data_ms); pinging more often makes them close the
    /// connection with ENHANCE_YOUR_CALM. <see cref="Timeout.InfiniteTimeSpan"/> turns pings off.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for a PING's acknowledgement before dropping the connection.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for a TCP (and TLS) connection; a failure is UNAVAILABLE.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Replaces the HTTP/2 handler the channel would build (for tests that inspect traffic or hosts
    /// with their own handler). The channel disposes it.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The clock deadlines are measured against.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
