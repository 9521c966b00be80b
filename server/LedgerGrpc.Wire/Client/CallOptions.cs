namespace LedgerGrpc.Wire.Client;

/// <summary>Per-call settings.</summary>
/// <param name="Headers">Request metadata, sent after the channel's default headers.</param>
/// <param name="Deadline">
/// When the call must be finished (UTC; local times are converted). Sent as grpc-timeout and
/// enforced locally: past it the call fails with DEADLINE_EXCEEDED and its HTTP/2 stream is reset.
/// </param>
/// <param name="CancellationToken">Cancels the call: CANCELLED, and the HTTP/2 stream is reset.</param>
/// <param name="Compress">gzip every request message (grpc-encoding: gzip).</param>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    bool Compress = false);
