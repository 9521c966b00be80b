using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>Receive limits, handler failures, interceptors and client resets, seen from a Python grpcio client.</summary>
public sealed class ServerBehaviourTests
{
    [Fact]
    public async Task Request_over_the_receive_limit_is_resource_exhausted()
    {
        await using var server = await WireTestServer.StartAsync(o => o.MaxReceiveMessageSize = 100_000);

        Assert.Equal("OK", (await WireChecks.RunAsync(server, "unary", "50000")).Single());
        Assert.StartsWith("RESOURCE_EXHAUSTED|", (await WireChecks.RunAsync(server, "unary", "200000")).Single());
    }

    [Fact]
    public async Task Default_receive_limit_is_4_MiB()
    {
        await using var server = await WireTestServer.StartAsync();

        Assert.Equal("OK", (await WireChecks.RunAsync(server, "unary", "4000000")).Single());
        Assert.StartsWith("RESOURCE_EXHAUSTED|", (await WireChecks.RunAsync(server, "unary", "4200000")).Single());
    }

    [Fact]
    public async Task Handler_exception_is_unknown_without_internals_and_is_logged()
    {
        await using var server = await WireTestServer.StartAsync();

        Assert.Equal("UNKNOWN|Exception was thrown by handler.", (await WireChecks.RunAsync(server, "throw")).Single());
        Assert.Contains(server.Logs.Records, r =>
            r.Level == LogLevel.Error
            && r.Message.Contains("/grpc.testing.TestService/UnaryCall")
            && r.Exception?.Message == InteropTestService.SecretExceptionText);
    }

    [Fact]
    public async Task Detailed_errors_add_the_exception_message()
    {
        await using var server = await WireTestServer.StartAsync(o => o.EnableDetailedErrors = true);

        var line = (await WireChecks.RunAsync(server, "throw")).Single();
        Assert.StartsWith("UNKNOWN|Exception was thrown by handler.", line);
        Assert.Contains("InvalidOperationException: " + InteropTestService.SecretExceptionText, line);
    }

    [Fact]
    public async Task Interceptors_wrap_every_call_kind_in_order_and_can_refuse_calls()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await WireTestServer.StartAsync(o =>
        {
            o.AddInterceptor(new RecordingInterceptor("outer", seen));
            o.AddInterceptor<RequireAuthorizationInterceptor>();
            o.AddInterceptor(new RecordingInterceptor("inner", seen));
        });

        var lines = await WireChecks.RunAsync(server, "kinds");

        Assert.Equal(["OK", "OK", "OK", "OK", "UNAUTHENTICATED|Send an authorization header."], lines);
        var entries = seen.ToArray();
        Assert.Equal(
            [
                "outer Unary /grpc.testing.TestService/UnaryCall", "inner Unary /grpc.testing.TestService/UnaryCall",
                "outer ServerStreaming /grpc.testing.TestService/StreamingOutputCall", "inner ServerStreaming /grpc.testing.TestService/StreamingOutputCall",
                "outer ClientStreaming /grpc.testing.TestService/StreamingInputCall", "inner ClientStreaming /grpc.testing.TestService/StreamingInputCall",
                "outer DuplexStreaming /grpc.testing.TestService/FullDuplexCall", "inner DuplexStreaming /grpc.testing.TestService/FullDuplexCall",
                "outer Unary /grpc.testing.TestService/UnaryCall",
            ],
            entries);
    }

    [Fact]
    public async Task Client_reset_cancels_the_handlers_token()
    {
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await WireTestServer.StartAsync(o => o.AddInterceptor(new EndObserver(ended)));

        Assert.Equal("CANCELLED", (await WireChecks.RunAsync(server, "reset")).Single());
        Assert.True(await ended.Task, "the handler's CancellationToken was cancelled by the reset");
    }

    private sealed class RecordingInterceptor(string name, ConcurrentQueue<string> seen) : IServerInterceptor
    {
        public Task InterceptAsync(ServerCallContext context, WireMethod method, ServerCallContinuation next)
        {
            seen.Enqueue($"{name} {method.Kind} {context.Method}");
            return next(context);
        }
    }

    private sealed class RequireAuthorizationInterceptor : IServerInterceptor
    {
        public Task InterceptAsync(ServerCallContext context, WireMethod method, ServerCallContinuation next) =>
            context.RequestHeaders.GetValue("authorization") is null
                ? throw new RpcException(StatusCode.Unauthenticated, "Send an authorization header.")
                : next(context);
    }

    private sealed class EndObserver(TaskCompletionSource<bool> ended) : IServerInterceptor
    {
        public async Task InterceptAsync(ServerCallContext context, WireMethod method, ServerCallContinuation next)
        {
            try
            {
                await next(context);
            }
            finally
            {
                ended.TrySetResult(context.CancellationToken.IsCancellationRequested);
            }
        }
    }
}
