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

    /// <summary>The folder of generated ledger, segments and rules modules, for other grpcio scripts.</summary>
    public static string ModulesDir => Modules.Value;

    public static string ScriptPath(string name) => Script(name);

    private static string Script(string name) =>
        Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Classification", "python", name);

    public static Task<string> RunAsync(string scenario, TestServerHost server, params string[] args) =>
        RunScriptAsync("classification_flows.py", scenario, server, args);

    /// <summary>Runs a scenario of another script in python/ (same generated message modules).</summary>
    public static async Task<string> RunScriptAsync(string script, string scenario, TestServerHost server, params string[] args)
    {
        var result = await PythonPeer.RunScriptAsync(Script(script), [scenario, server.Target, .. args], [Modules.Value], key: server.AdminKey);
        Assert.True(result.ExitCode == 0, $"{script} {scenario} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }
}
