namespace LedgerGrpc.Wire.Protocol;

/// <summary>Maps between HTTP/2 header fields and gRPC metadata entries.</summary>
public static class MetadataHeaders
{
    /// <summary>
    /// The metadata entry for a received header, or null for protocol headers (not metadata) and
    /// for "-bin" values that are not base64.
    /// </summary>
    public static Metadata.Entry? ToEntry(string name, string value)
    {
        if (GrpcHeaders.IsReserved(name))
        {
            return null;
        }

        if (!name.EndsWith(Metadata.BinarySuffix, StringComparison.OrdinalIgnoreCase))
        {
            return new Metadata.Entry(name, value);
        }

        return BinaryHeader.TryDecode(value, out var bytes) ? new Metadata.Entry(name, bytes) : null;
    }

    /// <summary>The header value to send for an entry: base64 (unpadded) for binary entries.</summary>
    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value;
}
