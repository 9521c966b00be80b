namespace LedgerGrpc.Interop.Tests.Http2;

/// <summary>An HTTP response as received; GrpcStatus/GrpcMessage come from the headers (trailers-only) or the trailers.</summary>
public sealed record RawResponse(int HttpStatus, byte[] Body, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Trailers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public string? Trailer(string name) => Trailers.GetValueOrDefault(name);

    public string? GrpcStatus => Header("grpc-status") ?? Trailer("grpc-status");

    /// <summary>grpc-message, percent-decoded as the protocol encodes it.</summary>
    public string? GrpcMessage => (Header("grpc-message") ?? Trailer("grpc-message")) is { } message ? Uri.UnescapeDataString(message) : null;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public override string ToString() =>
        $"HTTP {HttpStatus}, grpc-status {GrpcStatus}, grpc-message {GrpcMessage}, headers [{string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))}], " +
        $"trailers [{string.Join("; ", Trailers.Select(h => $"{h.Key}: {h.Value}"))}], {Body.Length} body bytes";
}
