using System.Buffers;
using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>The body of a call with a single request: one length-prefixed message, sent at once.</summary>
internal static class FramedContent
{
    public static HttpContent Create(IMessage message, bool compress)
    {
        var buffer = new ArrayBufferWriter<byte>(MessageFraming.HeaderSize + (compress ? 64 : message.CalculateSize()));
        MessageWriter.Write(buffer, message, compress);
        return new ReadOnlyMemoryContent(buffer.WrittenMemory);
    }
}
