using Grpc.Testing;
using LedgerGrpc.Testing;
using LedgerGrpc.Wire.Client;
using Microsoft.AspNetCore.Http;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>Deadlines on the channel's clock, failures before headers, and the channel's own end.</summary>
public sealed class CallLifetimeTests
{
    /// <summary>A server that answers with headers, then waits until the client goes away.</summary>
    private static Task<RawHttp2Server> StartSilentServerAsync(TaskCompletionSource? aborted = null) =>
        RawHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.FlushAsync();
            var gone = new TaskCompletionSource();
            using var registration = context.RequestAborted.Register(gone.SetResult);
            await gone.Task;
            aborted?.TrySetResult();
        });

    [Fact]
    public async Task DeadlineFollowsTheChannelsTimeProvider()
    {
        var clock = new FakeTimeProvider();
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartSilentServerAsync(aborted);
        using var channel = WireChannel.ForAddress(server.Address, new WireChannelOptions { TimeProvider = clock });
        using var call = channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            StreamingOutputCall, new StreamingOutputCallRequest(), new CallOptions(Deadline: clock.GetUtcNow().UtcDateTime.AddMinutes(5)));
        await call.ResponseHeadersAsync;
        var read = call.ResponseStream.MoveNext();

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(StatusCode.DeadlineExceeded, (await Assert.ThrowsAsync<RpcException>(() => read)).StatusCode);
        await aborted.Task;
    }

    [Fact]
    public async Task ResponseHeadersOfACallThatNeverConnectedThrowUnavailable()
    {
        using var channel = WireChannel.ForAddress(UnusedLoopbackAddress.Create());
        using var call = channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);

        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync)).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new StreamingOutputCallRequest()))).StatusCode);
        Assert.Equal(StatusCode.Unavailable, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StatusAndTrailersAreUnknownWhileTheCallRuns()
    {
        await using var server = await StartSilentServerAsync();
        using var channel = WireChannel.ForAddress(server.Address);
        using var call = channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(StreamingOutputCall, new StreamingOutputCallRequest());
        await call.ResponseHeadersAsync;

        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
    }

    [Fact]
    public async Task DisposingTheChannelEndsItsRunningCalls()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartSilentServerAsync(aborted);
        var channel = WireChannel.ForAddress(server.Address);
        using var call = channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(StreamingOutputCall, new StreamingOutputCallRequest());
        await call.ResponseHeadersAsync;
        var read = call.ResponseStream.MoveNext();

        channel.Dispose();

        var ex = await Assert.ThrowsAsync<RpcException>(() => read);
        Assert.NotEqual(StatusCode.OK, ex.StatusCode);
        await aborted.Task;
    }

    [Fact]
    public async Task StreamMisuseIsRefusedWithAClearError()
    {
        await using var server = await StartSilentServerAsync();
        using var channel = WireChannel.ForAddress(server.Address);
        using var call = channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);
        await call.ResponseHeadersAsync;

        var pending = call.ResponseStream.MoveNext();
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => call.ResponseStream.MoveNext());
        await call.RequestStream.CompleteAsync();
        var afterComplete = await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new StreamingOutputCallRequest()));

        Assert.Contains("one read", second.Message, StringComparison.Ordinal);
        Assert.Contains("completed", afterComplete.Message, StringComparison.Ordinal);
        Assert.False(pending.IsCompleted);
    }
}
