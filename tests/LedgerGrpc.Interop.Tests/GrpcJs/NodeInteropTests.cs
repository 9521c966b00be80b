using LedgerGrpc.Interop.Tests.TestService;

namespace LedgerGrpc.Interop.Tests.GrpcJs;

/// <summary>
/// The non-auth cases of the gRPC interop test specification, run by a Node.js client on npm
/// @grpc/grpc-js (node/interop_client.js) against grpc.testing.TestService on Grpc.AspNetCore.
/// </summary>
public sealed class NodeInteropTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>
{
    [Theory]
    [MemberData(nameof(InteropCases.NonAuth), MemberType = typeof(InteropCases))]
    public async Task Grpc_js_interop_client_case_passes(string testCase)
    {
        var result = await NodePeer.RunScriptAsync(
            "interop_client.js",
            ["--server_host=127.0.0.1", $"--server_port={fixture.Server.Port}", $"--test_case={testCase}", "--use_tls=false"]);

        Assert.True(result.ExitCode == 0, $"interop case {testCase} failed from @grpc/grpc-js:\n{result}");
        Assert.Equal("PASS " + testCase, result.StandardOutput.Trim());
    }
}
