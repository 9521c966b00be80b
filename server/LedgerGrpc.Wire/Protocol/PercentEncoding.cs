using System.Text;

namespace LedgerGrpc.Wire.Protocol;

/// <summary>
/// grpc-message encoding: the UTF-8 bytes of the message, with every byte outside 0x20–0x7E and
/// '%' itself written as %XX. Decoding never fails: malformed escapes are kept as they are and
/// invalid UTF-8 becomes U+FFFD, because a status message must always reach the caller.
/// </summary>
public static class PercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(string value)
    {
        var i = 0;
        while (i < value.Length && !NeedsEscape(value[i]))
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var bytes = new byte[value.Length];
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && TryHex(value[i + 1], out var high) && TryHex(value[i + 2], out var low))
            {
                bytes[count++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                // Header values are ASCII; anything else is passed through byte-wise.
                bytes[count++] = (byte)c;
            }
        }

        return Encoding.UTF8.GetString(bytes, 0, count);
    }

    private static bool NeedsEscape(char c) => c is < (char)0x20 or > (char)0x7E or '%';

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
