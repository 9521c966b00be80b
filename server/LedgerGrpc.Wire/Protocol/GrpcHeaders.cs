namespace LedgerGrpc.Wire.Protocol;

/// <summary>Header names and values from the gRPC over HTTP/2 specification (PROTOCOL-HTTP2.md).</summary>
public static class GrpcHeaders
{
    public const string ContentType = "content-type";
    public const string GrpcContentType = "application/grpc";
    public const string GrpcProtoContentType = "application/grpc+proto";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string StatusDetailsBin = "grpc-status-details-bin";
    public const string MessageType = "grpc-message-type";
    public const string TE = "te";
    public const string Trailers = "trailers";
    public const string UserAgent = "user-agent";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>What this implementation accepts, sent in grpc-accept-encoding.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>
    /// True for a content type this implementation speaks: "application/grpc" or
    /// "application/grpc+proto", with optional parameters ("; charset=...").
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(GrpcContentType.Length);
        if (rest.IsEmpty || rest[0] == ';')
        {
            return true;
        }

        return rest.StartsWith("+proto", StringComparison.OrdinalIgnoreCase)
            && (rest.Length == 6 || rest[6] == ';');
    }

    /// <summary>
    /// Headers that carry the protocol itself and so never appear as call metadata
    /// (HTTP/2 pseudo-headers, connection-level and gRPC-reserved names).
    /// </summary>
    public static bool IsReserved(string name) =>
        name.Length == 0
        || name[0] == ':'
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || name.Equals(ContentType, StringComparison.OrdinalIgnoreCase)
        || name.Equals(TE, StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase);
}
