using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace LedgerGrpc.Wire.Protocol;

/// <summary>gzip for message payloads (grpc-encoding: gzip).</summary>
public static class GzipCompression
{
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 2 + 32);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Decompresses one message. More than <paramref name="maxSize"/> bytes of output is
    /// RESOURCE_EXHAUSTED (a small compressed message must not expand past the receive limit);
    /// corrupt data is INTERNAL.
    /// </summary>
    public static byte[] Decompress(in ReadOnlySequence<byte> data, int maxSize)
    {
        var input = data.IsSingleSegment && MemoryMarshal.TryGetArray(data.First, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        try
        {
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (output.Length + read > maxSize)
                    {
                        throw new RpcException(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({maxSize} bytes) after decompression.");
                    }

                    output.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to decompress message: the gzip data is invalid."), innerException: ex);
        }
    }
}
