using Google.Protobuf;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Interop.Tests.Python;

/// <summary>The shared Python peer helpers (LedgerGrpc.Testing's PythonPeer and ProtocPython) that every Python test builds on.</summary>
public sealed class PythonPeerTests
{
    [Fact]
    public async Task System_python_has_grpcio_and_loads_protoc_generated_modules()
    {
        using var dir = new TempDirectory();
        ProtocPython.Generate(dir.Path, "grpc/testing/messages.proto");

        var result = await PythonPeer.RunCodeAsync(
            "import sys, grpc, ledgergrpc_protos\n" +
            "from grpc.testing import messages_pb2\n" +
            "print(messages_pb2.SimpleRequest(response_size=int(sys.argv[1])).SerializeToString().hex())",
            args: ["314159"],
            pythonPath: [dir.Path]);

        result.EnsureSuccess();
        Assert.Equal(Convert.ToHexStringLower(new Grpc.Testing.SimpleRequest { ResponseSize = 314159 }.ToByteArray()), result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Failing_script_reports_exit_code_and_stderr()
    {
        var result = await PythonPeer.RunCodeAsync("import sys; sys.stderr.write('boom'); sys.exit(3)");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("boom", Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess()).Message);
    }
}
