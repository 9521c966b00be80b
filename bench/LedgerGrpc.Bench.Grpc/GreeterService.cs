using Grpc.Core;
using LedgerGrpc.Bench.Grpc.Protos;

namespace LedgerGrpc.Bench.Grpc;

/// <summary>The grpc-dotnet template's Greeter, on Grpc.AspNetCore.</summary>
public sealed class GreeterService : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = "Hello " + request.Name });
}
