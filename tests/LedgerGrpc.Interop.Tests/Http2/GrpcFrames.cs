using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace LedgerGrpc.Interop.Tests.Http2;

/// <summary>
/// gRPC length-prefixed messages (1 flag byte, 4-byte big-endian length, the message) built and read
/// by hand, so tests can send what no well-behaved client sends and check the flags on the wire.
/// </summary>
public static class GrpcFrames
{
    public static byte[] Frame(IMessage message, bool compress = false)
    {
        var payload = message.ToByteArray();
        if (compress)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            {
                gzip.Write(payload);
            }

            payload = buffer.ToArray();
        }

        var frame = new byte[5 + payload.Length];
        frame[0] = compress ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Splits a response body into its messages: the compressed flag and the (decompressed) bytes of each.</summary>
    public static IReadOnlyList<(bool Compressed, byte[] Message)> Read(byte[] body)
    {
        var messages = new List<(bool, byte[])>();
        for (var offset = 0; offset < body.Length;)
        {
            var compressed = body[offset] == 1;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            var bytes = body.AsSpan(offset + 5, length).ToArray();
            if (compressed)
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
            }

            messages.Add((compressed, bytes));
            offset += 5 + length;
        }

        return messages;
    }
}
