using System.Text.Json;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// One call python grpcio makes (python/credential_calls.py): an RPC with a bearer token and/or, over TLS, a client
/// certificate. Results come back by label: (status name, details).
/// </summary>
internal sealed record CredentialCall(string Label, string Method, string? Token = null, CredentialCall.Tls? Over = null)
{
    private static string Script => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Security", "python", "credential_calls.py");

    internal sealed record Tls(string Ca, string? Cert = null, string? Key = null);

    public static async Task<IReadOnlyDictionary<string, (string Code, string Details)>> RunAsync(string target, TempDirectory dir, IReadOnlyList<CredentialCall> calls)
    {
        var spec = dir.File($"calls-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(calls.Select(c => new Dictionary<string, object?>
        {
            ["label"] = c.Label,
            ["method"] = c.Method,
            ["token"] = c.Token,
            ["tls"] = c.Over is { } t ? new Dictionary<string, string?> { ["ca"] = t.Ca, ["cert"] = t.Cert, ["key"] = t.Key } : null,
        })));
        var result = await PythonPeer.RunScriptAsync(Script, [target, spec]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("label").GetString()!, e => (e.GetProperty("code").GetString()!, e.GetProperty("details").GetString()!));
        Assert.Equal(calls.Count, answers.Count);
        return answers;
    }
}
