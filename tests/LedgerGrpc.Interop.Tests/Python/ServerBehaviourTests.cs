using LedgerGrpc.Interop.Tests.TestService;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Interop.Tests.Python;

/// <summary>Receive limits, handler failures and client resets on Grpc.AspNetCore, seen from a Python grpcio client.</summary>
public sealed class ServerBehaviourTests
{
    private static async Task<string[]> CheckAsync(InteropServer server, string check, params string[] args)
    {
        var result = await PythonProtos.RunAsync("server_checks.py", server.Target, [check, .. args]);
        Assert.True(result.ExitCode == 0, $"server_checks.py {check} failed:\n{result}");
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public async Task Request_over_the_receive_limit_is_resource_exhausted()
    {
        await using var server = await InteropServer.StartAsync(o => o.MaxReceiveMessageSize = 100_000);

        Assert.Equal("OK", (await CheckAsync(server, "unary", "50000")).Single());
        Assert.StartsWith("RESOURCE_EXHAUSTED|", (await CheckAsync(server, "unary", "200000")).Single());
    }

    [Fact]
    public async Task Default_receive_limit_is_4_MiB()
    {
        await using var server = await InteropServer.StartAsync();

        Assert.Equal("OK", (await CheckAsync(server, "unary", "4000000")).Single());
        Assert.StartsWith("RESOURCE_EXHAUSTED|", (await CheckAsync(server, "unary", "4200000")).Single());
    }

    [Fact]
    public async Task Handler_exception_is_unknown_without_internals_and_is_logged()
    {
        await using var server = await InteropServer.StartAsync();

        Assert.Equal("UNKNOWN|Exception was thrown by handler.", (await CheckAsync(server, "throw")).Single());
        Assert.Contains(server.Logs.Records, r =>
            r.Level == LogLevel.Error
            && r.Exception?.Message == TestServiceImpl.SecretExceptionText);
    }

    [Fact]
    public async Task Detailed_errors_add_the_exception_message()
    {
        await using var server = await InteropServer.StartAsync(o => o.EnableDetailedErrors = true);

        var line = (await CheckAsync(server, "throw")).Single();
        Assert.StartsWith("UNKNOWN|Exception was thrown by handler.", line);
        Assert.Contains("InvalidOperationException: " + TestServiceImpl.SecretExceptionText, line);
    }

    [Fact(Skip = "Flaky: fails 2 runs in 5 (the handler sometimes ends without seeing its token cancelled after the reset); see the closing note of 2026-12-06")]
    public async Task Client_reset_cancels_the_handlers_token()
    {
        await using var server = await InteropServer.StartAsync();

        Assert.Equal("CANCELLED", (await CheckAsync(server, "reset")).Single());
        Assert.True(await server.Observer.DuplexEnded.Task, "the handler's CancellationToken was not cancelled by the client's reset");
    }
}
