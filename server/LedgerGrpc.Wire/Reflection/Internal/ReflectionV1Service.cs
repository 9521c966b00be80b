using Grpc.Reflection.V1;

namespace LedgerGrpc.Wire.Reflection.Internal;

/// <summary>grpc.reflection.v1.ServerReflection.</summary>
internal sealed class ReflectionV1Service(ReflectionIndex index)
{
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IServerStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(index.Answer(requests.Current), context.CancellationToken).ConfigureAwait(false);
        }
    }
}
