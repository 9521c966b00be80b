using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Operations;

/// <summary>Runs python/operations_flows.py (grpcio) with operations message modules made by protoc.</summary>
internal static class OperationsPython
{
    private static readonly Lazy<string> Modules = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ledgergrpc-operations-py-{Environment.ProcessId}");
        ProtocPython.Generate(dir, "ledger/v1/operations.proto");
        return dir;
    });

    private static string Script => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Operations", "python", "operations_flows.py");

    public static async Task<string> RunAsync(string scenario, TestServerHost server, params string[] args)
    {
        var result = await PythonPeer.RunScriptAsync(Script, [scenario, server.Target, .. args], [Modules.Value], key: server.AdminKey);
        Assert.True(result.ExitCode == 0, $"operations_flows.py {scenario} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }
}
