using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>Asks a server for its health and its service list from Python grpcio.</summary>
internal static class PythonHealth
{
    /// <summary>Imports and a channel to sys.argv[2] with a health <c>check</c> stub; generated modules in sys.argv[1].</summary>
    public const string Preamble = """
        import sys
        sys.path.insert(0, sys.argv[1])
        import ledgergrpc_protos
        import grpc
        from grpc.health.v1 import health_pb2
        channel = grpc.insecure_channel(sys.argv[2])
        check = channel.unary_unary("/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)

        """;

    private const string Script = Preamble + """
        from grpc.reflection.v1alpha import reflection_pb2
        from grpc.reflection.v1 import reflection_pb2 as reflection_v1_pb2
        print(health_pb2.HealthCheckResponse.ServingStatus.Name(check(health_pb2.HealthCheckRequest(service=""), timeout=30).status))
        info = channel.stream_stream("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
        # Reflection needs a key (any role); health does not.
        key = [("authorization", "Bearer " + sys.argv[3])] if len(sys.argv) > 3 else []
        for response in info(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), metadata=key, timeout=30):
            print(" ".join(s.name for s in response.list_services_response.service))
        info_v1 = channel.stream_stream("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection_v1_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_v1_pb2.ServerReflectionResponse.FromString)
        for response in info_v1(iter([reflection_v1_pb2.ServerReflectionRequest(list_services="")]), metadata=key, timeout=30):
            print(" ".join(s.name for s in response.list_services_response.service))
        """;

    /// <summary>Three lines: the overall serving status, then the services reflection lists over v1alpha, then over v1.</summary>
    public static async Task<string[]> QueryAsync(string target, string key)
    {
        using var protos = new TempDirectory("ledgergrpc-py");
        ProtocPython.Generate(protos.Path, "grpc/health/v1/health.proto", "grpc/reflection/v1alpha/reflection.proto", "grpc/reflection/v1/reflection.proto");
        var result = await PythonPeer.RunCodeAsync(Script, [protos.Path, target, key]);
        result.EnsureSuccess();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
