using LedgerGrpc.Interop.Tests.TestService;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LedgerGrpc.Interop.Tests.Python;

/// <summary>Receive limits, handler failures and client resets on Grpc.AspNetCore, seen from a Python grpcio client.</summary>
public sealed class ServerBehaviourTests(ITestOutputHelper output)
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

    // How a handler ends after the client resets its stream (RST_STREAM), from Kestrel's and Grpc.AspNetCore's sources:
    // Kestrel's Http2Stream.AbortRstStreamReceived completes the request body with IOException("The client reset the
    // request stream.") at once and cancels HttpContext.RequestAborted later, on the thread pool. The handler's
    // ServerCallContext.CancellationToken is RequestAborted, or, when the call has a deadline, a token of the deadline
    // manager linked to RequestAborted by a registration that is removed when the call ends. So a handler waiting on
    // its token always sees it cancelled; a handler blocked reading the request stream ends with that IOException or,
    // if the cancellation ran first, an OperationCanceledException, and may have ended (and dropped the link) before
    // its token is cancelled. These two tests assert exactly that; the awaits on the observer are bounded only to turn
    // a hang into a failure.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Client_reset_cancels_the_token_of_a_handler_waiting_on_it()
    {
        await using var server = await InteropServer.StartAsync();

        Assert.Equal("CANCELLED", (await CheckAsync(server, "reset_wait")).Single());
        var end = await server.Observer.StreamingOutputFailed.Task.WaitAsync(HangGuard);
        output.WriteLine($"handler ended with {end.Error?.GetType().Name}; token cancelled then: {end.TokenCancelled}");
        Assert.True(end.TokenCancelled, $"the handler ended with {end.Error} but its CancellationToken was not cancelled");
        Assert.IsAssignableFrom<OperationCanceledException>(end.Error);
    }

    [Fact]
    public async Task Client_reset_ends_a_handler_reading_the_request_stream_and_aborts_the_request()
    {
        await using var server = await InteropServer.StartAsync();

        Assert.Equal("CANCELLED", (await CheckAsync(server, "reset")).Single());
        var end = await server.Observer.DuplexEnded.Task.WaitAsync(HangGuard);
        output.WriteLine($"handler ended with {end.Error?.GetType().Name}: {end.Error?.Message}; token cancelled then: {end.TokenCancelled}");
        Assert.True(end.Error is IOException or OperationCanceledException,
            $"the handler's read should fail with the reset or the cancellation; it ended with {end.Error?.ToString() ?? "no exception"}");
        await server.Observer.DuplexRequestAborted.Task.WaitAsync(HangGuard);
    }
}
