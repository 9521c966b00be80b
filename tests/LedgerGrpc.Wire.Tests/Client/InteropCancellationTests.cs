using Grpc.Testing;
using LedgerGrpc.Wire.Client;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>Interop cases for cancellation and deadlines, against a Python grpcio server.</summary>
public sealed class InteropCancellationTests(InteropServerFixture fixture) : InteropChannelTests<InteropServerFixture>(fixture)
{
    private static Metadata CallId(out string id)
    {
        id = Guid.NewGuid().ToString("N");
        return new Metadata { { "x-call-id", id } };
    }

    /// <summary>The second response comes only after a long pause, which only the call's end interrupts.</summary>
    private static StreamingOutputCallRequest SleepAfterFirstResponse()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 1 });
        request.ResponseParameters.Add(new ResponseParameters { Size = 1, IntervalUs = 600_000_000 });
        return request;
    }

    [Fact]
    public async Task CancelAfterBegin()
    {
        using var cts = new CancellationTokenSource();
        using var call = Channel.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(
            StreamingInputCall, new CallOptions(CancellationToken: cts.Token));

        cts.Cancel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task CancelAfterFirstRequest()
    {
        using var cts = new CancellationTokenSource();
        using var call = Channel.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(
            StreamingInputCall, new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest());

        cts.Cancel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        var write = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new StreamingInputCallRequest()));
        Assert.Equal(StatusCode.Cancelled, write.StatusCode);
    }

    [Fact]
    public async Task CancelAfterFirstResponse()
    {
        using var cts = new CancellationTokenSource();
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            FullDuplexCall, new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(PingPongRequest(31415, 27182));
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(31415, call.ResponseStream.Current.Payload.Body.Length);

        cts.Cancel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task CancellingMoveNextCancelsTheCall()
    {
        using var call = Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            StreamingOutputCall, SleepAfterFirstResponse(), new CallOptions(Headers: CallId(out var id)));
        Assert.True(await call.ResponseStream.MoveNext());

        using var cts = new CancellationTokenSource();
        var read = call.ResponseStream.MoveNext(cts.Token);
        cts.Cancel();

        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => read)).StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        await Fixture.Server.WaitForLineAsync("CANCELLED " + id);
    }

    [Fact]
    public async Task TimeoutOnSleepingServer()
    {
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            FullDuplexCall, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(1)));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (RpcException ex)
        {
            // The deadline may already have passed when the write starts.
            Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        }

        var read = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.DeadlineExceeded, read.StatusCode);
    }

    [Fact]
    public async Task DeadlineExceededWhileTheServerSleeps()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 1, IntervalUs = 60_000_000 });
        using var call = Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            StreamingOutputCall, request, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(200)));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task ExpiredDeadlineFailsWithoutSending()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<Empty, Empty>(
            EmptyCall, new Empty(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task AlreadyCancelledTokenFailsWithoutSending()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<Empty, Empty>(
            EmptyCall, new Empty(), new CallOptions(CancellationToken: cts.Token)));

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task DeadlineFarAheadLetsTheCallFinish()
    {
        var response = await Channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall, new SimpleRequest { ResponseSize = 10 }, new CallOptions(Deadline: DateTime.UtcNow.AddDays(400)));

        Assert.Equal(10, response.Payload.Body.Length);
    }

    [Fact]
    public async Task DisposingARunningCallCancelsIt()
    {
        var call = Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            StreamingOutputCall, SleepAfterFirstResponse(), new CallOptions(Headers: CallId(out var id)));
        Assert.True(await call.ResponseStream.MoveNext());

        call.Dispose();

        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext())).StatusCode);
        await Fixture.Server.WaitForLineAsync("CANCELLED " + id);
    }
}
