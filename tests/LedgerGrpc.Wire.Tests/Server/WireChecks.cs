using LedgerGrpc.Testing;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>Runs wire_checks.py (Python grpcio) against a server and returns its output lines.</summary>
public static class WireChecks
{
    public static async Task<string[]> RunAsync(WireTestServer server, string check, string? arg = null)
    {
        var result = await PythonPeer.RunScriptAsync(
            PythonProtos.Script("wire_checks.py"),
            arg is null ? [PythonProtos.Directory, server.Target, check] : [PythonProtos.Directory, server.Target, check, arg]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static System.Diagnostics.Process Start(WireTestServer server, string check, string arg) =>
        PythonPeer.Start(PythonProtos.Script("wire_checks.py"), [PythonProtos.Directory, server.Target, check, arg]);
}
