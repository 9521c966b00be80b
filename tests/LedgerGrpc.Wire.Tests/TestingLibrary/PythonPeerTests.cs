using Google.Protobuf;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Wire.Tests.TestingLibrary;

public sealed class PythonPeerTests
{
    [Fact]
    public async Task System_python_has_grpcio_and_loads_protoc_generated_modules()
    {
        using var dir = new TempDirectory();
        ProtocPython.Generate(dir.Path, "grpc/health/v1/health.proto");

        var result = await PythonPeer.RunCodeAsync(
            "import sys, grpc, ledgergrpc_protos\n" +
            "from grpc.health.v1 import health_pb2\n" +
            "print(health_pb2.HealthCheckRequest(service=sys.argv[1]).SerializeToString().hex())",
            args: ["abc"],
            pythonPath: [dir.Path]);

        result.EnsureSuccess();
        Assert.Equal(Convert.ToHexStringLower(new Grpc.Health.V1.HealthCheckRequest { Service = "abc" }.ToByteArray()), result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Failing_script_reports_exit_code_and_stderr()
    {
        var result = await PythonPeer.RunCodeAsync("import sys; sys.stderr.write('boom'); sys.exit(3)");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("boom", Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess()).Message);
    }
}
