using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace LedgerGrpc.Server.Marshalling;

/// <summary>
/// A request marshaller that reports a message it cannot parse (truncated or garbage bytes, a string that is not
/// UTF-8) as INVALID_ARGUMENT "could not parse ledger.v1.X: why", where Grpc.AspNetCore would answer UNKNOWN
/// "Exception was thrown by handler." (reading the request happens before any interceptor runs).
/// </summary>
internal static class ParsingMarshaller
{
    public static Marshaller<T> Wrap<T>(Marshaller<T> inner)
    {
        var name = (typeof(T).GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor)?.FullName
            ?? typeof(T).Name;
        var deserialize = inner.ContextualDeserializer;
        return new Marshaller<T>(inner.ContextualSerializer, context =>
        {
            try
            {
                return deserialize(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"could not parse {name}: {e.Message}"));
            }
        });
    }
}
