using LedgerGrpc.Testing;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>Python message modules for the interop, health and reflection protos, generated once per test run.</summary>
public static class PythonProtos
{
    private static readonly Lazy<string> Generated = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ledgergrpc-wire-py-{Environment.ProcessId}");
        ProtocPython.Generate(
            dir,
            "grpc/testing/empty.proto",
            "grpc/testing/messages.proto",
            "grpc/testing/test.proto",
            "grpc/health/v1/health.proto",
            "grpc/reflection/v1/reflection.proto",
            "grpc/reflection/v1alpha/reflection.proto");
        return dir;
    });

    public static string Directory => Generated.Value;

    public static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Wire.Tests", "Server", name);
}
