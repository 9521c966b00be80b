using System.Buffers;
using Google.Protobuf;

namespace LedgerGrpc.Wire.Protocol;

/// <summary>Writes length-prefixed protobuf messages into a buffer writer (PipeWriter, ArrayBufferWriter).</summary>
public static class MessageWriter
{
    // Messages up to this size are serialized straight into one span from the writer; larger
    // ones go through the segmented IBufferWriter path so no single huge span is requested.
    private const int SingleSpanLimit = 64 * 1024;

    public static void Write(IBufferWriter<byte> output, IMessage message, bool compress = false)
    {
        if (compress)
        {
            var compressed = GzipCompression.Compress(message.ToByteArray());
            var span = output.GetSpan(MessageFraming.HeaderSize + compressed.Length);
            MessageFraming.WriteHeader(span, compressed: true, compressed.Length);
            compressed.CopyTo(span[MessageFraming.HeaderSize..]);
            output.Advance(MessageFraming.HeaderSize + compressed.Length);
            return;
        }

        if (message is IPreEncodedMessage { PreEncoded: { IsEmpty: false } encoded })
        {
            MessageFraming.WriteHeader(output.GetSpan(MessageFraming.HeaderSize), compressed: false, encoded.Length);
            output.Advance(MessageFraming.HeaderSize);
            output.Write(encoded.Span);
            return;
        }

        var size = message.CalculateSize();
        if (size <= SingleSpanLimit)
        {
            var span = output.GetSpan(MessageFraming.HeaderSize + size);
            MessageFraming.WriteHeader(span, compressed: false, size);
            message.WriteTo(span.Slice(MessageFraming.HeaderSize, size));
            output.Advance(MessageFraming.HeaderSize + size);
            return;
        }

        var header = output.GetSpan(MessageFraming.HeaderSize);
        MessageFraming.WriteHeader(header, compressed: false, size);
        output.Advance(MessageFraming.HeaderSize);
        message.WriteTo(output);
    }
}
