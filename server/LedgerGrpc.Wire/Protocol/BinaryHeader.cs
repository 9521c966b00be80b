namespace LedgerGrpc.Wire.Protocol;

/// <summary>
/// Values of "-bin" metadata keys travel base64-encoded. The specification says to accept padded
/// and unpadded values and to send unpadded ones.
/// </summary>
public static class BinaryHeader
{
    public static string Encode(ReadOnlySpan<byte> value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>Decodes padded or unpadded base64; false if the value is not base64.</summary>
    public static bool TryDecode(string value, out byte[] bytes)
    {
        var trimmed = value.AsSpan().Trim();
        var padding = (4 - trimmed.Length % 4) % 4;
        if (padding == 3)
        {
            bytes = [];
            return false;
        }

        var buffer = new byte[(trimmed.Length + padding) / 4 * 3];
        Span<char> padded = trimmed.Length + padding <= 512 ? stackalloc char[trimmed.Length + padding] : new char[trimmed.Length + padding];
        trimmed.CopyTo(padded);
        padded[trimmed.Length..].Fill('=');
        if (!Convert.TryFromBase64Chars(padded, buffer, out var written))
        {
            bytes = [];
            return false;
        }

        bytes = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
