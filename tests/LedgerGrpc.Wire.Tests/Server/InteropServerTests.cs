using LedgerGrpc.Testing;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>
/// The official gRPC interop cases, run by Python grpcio (a client nobody here wrote) against
/// grpc.testing.TestService served by LedgerGrpc.Wire.
/// </summary>
public sealed class InteropServerTests(WireTestServerFixture fixture) : IClassFixture<WireTestServerFixture>
{
    [Theory]
    [InlineData("empty_unary")]
    [InlineData("large_unary")]
    [InlineData("client_streaming")]
    [InlineData("server_streaming")]
    [InlineData("ping_pong")]
    [InlineData("empty_stream")]
    [InlineData("custom_metadata")]
    [InlineData("status_code_and_message")]
    [InlineData("special_status_message")]
    [InlineData("unimplemented_method")]
    [InlineData("unimplemented_service")]
    [InlineData("cancel_after_begin")]
    [InlineData("cancel_after_first_response")]
    [InlineData("timeout_on_sleeping_server")]
    [InlineData("client_compressed_unary")]
    [InlineData("server_compressed_unary")]
    public async Task Python_interop_client_case_passes(string testCase)
    {
        var result = await PythonPeer.RunScriptAsync(PythonProtos.Script("interop_client.py"), [PythonProtos.Directory, fixture.Server.Target, testCase]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("PASS " + testCase, result.StandardOutput.Trim());
    }
}
