using System.Text.Json;
using LedgerGrpc.Access;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// The whole matrix from python grpcio against a real server: every RPC × every role (and no key).
/// A role the policy admits is never refused for permission; any other gets PERMISSION_DENIED naming
/// the roles needed; without a key everything but health is UNAUTHENTICATED.
/// </summary>
public sealed class RoleMatrixTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Security", "python", "role_matrix.py");

    [Fact]
    public async Task Every_rpc_times_every_role_gets_exactly_what_the_policy_table_says()
    {
        await using var server = await TestServerHost.StartAsync();
        using var dir = new TempDirectory("role-matrix");
        var rpcs = dir.File("rpcs.txt");
        await File.WriteAllLinesAsync(rpcs, LedgerRpcs.All.Select(m => $"{LedgerRpcs.Name(m)} {LedgerRpcs.Kind(m)}")
            .Append("grpc.health.v1.Health/Check unary"));
        var keys = dir.File("keys.txt");
        var lines = new List<string>();
        foreach (var role in LedgerRoles.All)
        {
            lines.Add($"{role} {await server.KeyAsync(role)}");
        }

        await File.WriteAllLinesAsync(keys, lines);
        var result = await PythonPeer.RunScriptAsync(Script, [server.Target, rpcs, keys]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal((LedgerRpcs.All.Count + 1) * (LedgerRoles.All.Count + 1), calls.Count);

        foreach (var call in calls)
        {
            var rpc = call.GetProperty("rpc").GetString()!;
            var caller = call.GetProperty("caller").GetString()!;
            var code = call.GetProperty("code").GetString()!;
            var message = call.GetProperty("message").GetString()!;
            var what = $"{rpc} as {caller}: {code} {message}";
            if (rpc.StartsWith("grpc.health.v1.Health/", StringComparison.Ordinal))
            {
                Assert.True(code == "OK", what);
            }
            else if (caller == "none")
            {
                Assert.True(code == "UNAUTHENTICATED", what);
                Assert.Contains("authorization: Bearer", message);
            }
            else if (RpcPolicies.Allows("/" + rpc, caller))
            {
                Assert.True(code is not ("PERMISSION_DENIED" or "UNAUTHENTICATED" or "UNIMPLEMENTED" or "UNKNOWN" or "INTERNAL"), what);
            }
            else
            {
                Assert.True(code == "PERMISSION_DENIED", what);
                var needed = RpcPolicies.RolesFor("/" + rpc);
                Assert.Equal($"{rpc} needs role {string.Join(" or ", needed)}; key:test-{caller} has role {caller}", message);
            }
        }
    }
}
