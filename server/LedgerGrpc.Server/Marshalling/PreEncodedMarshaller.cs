using System.Buffers;
using Grpc.Core;
using LedgerGrpc.Protos;

namespace LedgerGrpc.Server.Marshalling;

/// <summary>
/// A response marshaller that writes the bytes an <see cref="IPreEncodedMessage"/> already carries instead of encoding
/// the message again; messages without them go through the generated serializer. Through the serialization context,
/// so Grpc.AspNetCore still applies MaxSendMessageSize and response compression.
/// </summary>
internal static class PreEncodedMarshaller
{
    public static Marshaller<T> Wrap<T>(Marshaller<T> inner)
    {
        if (!typeof(IPreEncodedMessage).IsAssignableFrom(typeof(T)))
        {
            return inner;
        }

        var serialize = inner.ContextualSerializer;
        return new Marshaller<T>((message, context) =>
        {
            if (message is IPreEncodedMessage { PreEncoded: { IsEmpty: false } encoded })
            {
                context.SetPayloadLength(encoded.Length);
                context.GetBufferWriter().Write(encoded.Span);
                context.Complete();
                return;
            }

            serialize(message, context);
        }, inner.ContextualDeserializer);
    }
}
