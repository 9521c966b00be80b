using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Plugins;

/// <summary>Runs python/plugin_flows.py (grpcio) with ledger/segments/plugins message modules made by protoc.</summary>
internal static class PluginPython
{
    private static readonly Lazy<string> Modules = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ledgergrpc-plugins-py-{Environment.ProcessId}");
        ProtocPython.Generate(dir, "ledger/v1/ledger.proto", "ledger/v1/segments.proto", "ledger/v1/plugins.proto");
        return dir;
    });

    private static string Script => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Plugins", "python", "plugin_flows.py");

    public static async Task<string> RunAsync(string scenario, TestServerHost server, params string[] args)
    {
        var result = await PythonPeer.RunScriptAsync(Script, [scenario, server.Target, .. args], [Modules.Value], key: server.AdminKey);
        Assert.True(result.ExitCode == 0, $"plugin_flows.py {scenario} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }
}
