using LedgerGrpc.Bench.Wire.Protos;
using LedgerGrpc.Wire;

namespace LedgerGrpc.Bench.Wire;

/// <summary>The grpc-dotnet template's Greeter, on LedgerGrpc.Wire.</summary>
public sealed class GreeterService
{
    public Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = "Hello " + request.Name });
}
