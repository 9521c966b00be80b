using LedgerGrpc.Testing;

namespace LedgerGrpc.Interop.Tests.Python;

/// <summary>Python message modules of the interop protos, generated once per test run, and the scripts beside this file.</summary>
public static class PythonProtos
{
    private static readonly Lazy<string> Generated = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ledgergrpc-interop-py-{Environment.ProcessId}");
        ProtocPython.Generate(dir, "grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto");
        return dir;
    });

    public static string Directory => Generated.Value;

    public static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Interop.Tests", "Python", name);

    /// <summary>Runs a script here as PROTOS_DIR HOST:PORT ARGS... and returns the finished process's output.</summary>
    public static Task<PythonResult> RunAsync(string script, string target, params string[] args) =>
        PythonPeer.RunScriptAsync(Script(script), [Directory, target, .. args]);
}
