using System.Buffers;
using System.Buffers.Binary;

namespace LedgerGrpc.Wire.Protocol;

/// <summary>
/// The gRPC length prefix: one flag byte (1 = compressed) and a 4-byte big-endian length,
/// followed by that many bytes of message.
/// </summary>
public static class MessageFraming
{
    public const int HeaderSize = 5;

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>
    /// Reads the prefix at the start of <paramref name="buffer"/>; false when fewer than five bytes
    /// have arrived. Throws INTERNAL for a flag byte other than 0 or 1.
    /// </summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out bool compressed, out uint length)
    {
        Span<byte> copy = stackalloc byte[HeaderSize];
        ReadOnlySpan<byte> header = copy;
        if (buffer.FirstSpan.Length >= HeaderSize)
        {
            header = buffer.FirstSpan;
        }
        else if (buffer.Length >= HeaderSize)
        {
            // The prefix itself may straddle two DATA frames.
            buffer.Slice(0, HeaderSize).CopyTo(copy);
            header = copy;
        }
        else
        {
            compressed = false;
            length = 0;
            return false;
        }

        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(StatusCode.Internal, $"Invalid message flag byte {header[0]}: the gRPC length prefix allows only 0 and 1."),
        };
        length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return true;
    }
}
