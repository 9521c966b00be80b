using Google.Protobuf;
using Alpha = Grpc.Reflection.V1Alpha;
using V1 = Grpc.Reflection.V1;

namespace LedgerGrpc.Wire.Reflection.Internal;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, still what many tools ask for. Its messages are
/// field-for-field identical to v1's, so requests and responses convert through their bytes.
/// </summary>
internal sealed class ReflectionV1AlphaService(ReflectionIndex index)
{
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<Alpha.ServerReflectionRequest> requests,
        IServerStreamWriter<Alpha.ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var answer = index.Answer(request);
            await responses.WriteAsync(Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()), context.CancellationToken).ConfigureAwait(false);
        }
    }
}
