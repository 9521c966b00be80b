using LedgerGrpc.Interop.Tests.TestService;

namespace LedgerGrpc.Interop.Tests.Python;

/// <summary>
/// The official gRPC interop client cases, run by Python grpcio (a client nobody here wrote; Debian's
/// python3-grpcio ships no interop client, so interop_client.py implements the cases from the spec)
/// against grpc.testing.TestService on Grpc.AspNetCore.
/// </summary>
public sealed class PythonInteropTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>
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
        var result = await PythonProtos.RunAsync("interop_client.py", fixture.Server.Target, testCase);

        Assert.True(result.ExitCode == 0, $"interop case {testCase} failed from Python grpcio:\n{result}");
        Assert.Equal("PASS " + testCase, result.StandardOutput.Trim());
    }
}
