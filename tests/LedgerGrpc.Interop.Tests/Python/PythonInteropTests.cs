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
    [MemberData(nameof(InteropCases.NonAuth), MemberType = typeof(InteropCases))]
    public async Task Python_interop_client_case_passes(string testCase)
    {
        var result = await PythonProtos.RunAsync("interop_client.py", fixture.Server.Target, testCase);

        Assert.True(result.ExitCode == 0, $"interop case {testCase} failed from Python grpcio:\n{result}");
        Assert.Equal("PASS " + testCase, result.StandardOutput.Trim());
    }
}
