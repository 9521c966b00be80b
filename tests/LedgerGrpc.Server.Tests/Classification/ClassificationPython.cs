using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>Runs python/classification_flows.py (grpcio) with ledger/segments/rules message modules made by protoc.</summary>
internal static class ClassificationPython
{
    private static readonly Lazy<string> Modules = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ledgergrpc-classification-py-{Environment.ProcessId}");
        ProtocPython.Generate(dir, "ledger/v1/ledger.proto", "ledger/v1/segments.proto", "ledger/v1/rules.proto");
        return dir;
    });

    public static string ModulesDir => Modules.Value;

    public static string ScriptPath(string name) =>
        Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Classification", "python", name);

    private static string Script =>
        Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Classification", "python", "classification_flows.py");

    public static async Task<string> RunAsync(string scenario, string target, params string[] args)
    {
        var result = await PythonPeer.RunScriptAsync(Script, [scenario, target, .. args], [Modules.Value]);
        Assert.True(result.ExitCode == 0, $"classification_flows.py {scenario} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }
}
