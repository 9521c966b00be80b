using Grpc.Testing;
using LedgerGrpc.Testing;
using LedgerGrpc.Wire.Client;
using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Http;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>What the client puts on the wire, seen by a hand-written Kestrel endpoint.</summary>
public sealed class WireRequestTests
{
    [Fact]
    public async Task RequestCarriesTheGrpcHeadersPathAndTimeout()
    {
        var seen = new TaskCompletionSource<IHeaderDictionary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RawHttp2Server.StartAsync(async context =>
        {
            seen.TrySetResult(context.Request.Headers);
            path.TrySetResult(context.Request.Protocol + " " + context.Request.Method + " " + context.Request.Path);
            context.Response.ContentType = "application/grpc";
            await RawHttp2Server.WriteMessageAsync(context.Response, []);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = WireChannel.ForAddress(server.Address, new WireChannelOptions { DefaultHeaders = new Metadata { { "authorization", "Bearer t" } } });

        await channel.UnaryAsync<Empty, Empty>(EmptyCall, new Empty(), new CallOptions(
            Headers: new Metadata { { "x-trace", "abc" }, { "x-blob-bin", new byte[] { 1, 2, 3, 4 } } },
            Deadline: DateTime.UtcNow.AddSeconds(30)));

        var headers = await seen.Task;
        Assert.Equal("HTTP/2 POST /grpc.testing.TestService/EmptyCall", await path.Task);
        Assert.Equal("application/grpc", headers.ContentType.ToString());
        Assert.Equal("trailers", headers["te"].ToString());
        Assert.Equal("Bearer t", headers.Authorization.ToString());
        Assert.Equal("abc", headers["x-trace"].ToString());
        Assert.True(BinaryHeader.TryDecode(headers["x-blob-bin"].ToString(), out var blob));
        Assert.Equal([1, 2, 3, 4], blob);
        Assert.True(GrpcTimeout.TryParse(headers["grpc-timeout"].ToString(), out var timeout));
        Assert.InRange(timeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CancellingADuplexCallResetsTheStreamRatherThanEndingTheRequests()
    {
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RawHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await RawHttp2Server.WriteMessageAsync(context.Response, []);
            try
            {
                // Drain requests: a clean end means END_STREAM, a failure means RST_STREAM.
                var buffer = new byte[1024];
                while (await context.Request.Body.ReadAsync(buffer) > 0)
                {
                }

                outcome.TrySetResult("requests ended");
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                outcome.TrySetResult(context.RequestAborted.IsCancellationRequested ? "reset" : ex.GetType().Name);
            }
        });
        using var channel = WireChannel.ForAddress(server.Address);
        using var cts = new CancellationTokenSource();
        using var call = channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall, new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest());
        Assert.True(await call.ResponseStream.MoveNext());

        cts.Cancel();

        Assert.Equal("reset", await outcome.Task);
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext())).StatusCode);
    }

    [Fact]
    public async Task DeadlineResetsTheStreamOfACallTheServerNeverAnswers()
    {
        var clock = new FakeTimeProvider();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RawHttp2Server.StartAsync(async context =>
        {
            // Ignores grpc-timeout on purpose and never answers: only the client's deadline can end this call.
            using var registration = context.RequestAborted.Register(aborted.SetResult);
            started.SetResult();
            await aborted.Task;
        });
        using var channel = WireChannel.ForAddress(server.Address, new WireChannelOptions { TimeProvider = clock });
        var call = channel.UnaryAsync<Empty, Empty>(EmptyCall, new Empty(), new CallOptions(Deadline: clock.GetUtcNow().UtcDateTime.AddSeconds(30)));
        // The request is on the server before the deadline passes (on a busy machine a real
        // clock could expire it before it was even sent).
        await started.Task;

        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(StatusCode.DeadlineExceeded, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);
        await aborted.Task;
    }

    [Fact]
    public async Task RequestMessagesAreWrittenAsTheCallerWritesThem()
    {
        var lengths = System.Threading.Channels.Channel.CreateUnbounded<int>();
        await using var server = await RawHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.FlushAsync();
            var reader = context.Request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (MessageFraming.TryReadHeader(buffer, out _, out var length) && buffer.Length >= MessageFraming.HeaderSize + length)
                {
                    lengths.Writer.TryWrite((int)length);
                    buffer = buffer.Slice(MessageFraming.HeaderSize + length);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            lengths.Writer.Complete();
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = WireChannel.ForAddress(server.Address);
        using var call = channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);

        // The server receives each message while the request stream is still open.
        foreach (var size in new[] { 10, 70_000, 3 })
        {
            var request = new StreamingOutputCallRequest { Payload = Zeros(size) };
            await call.RequestStream.WriteAsync(request);
            Assert.Equal(request.CalculateSize(), await lengths.Reader.ReadAsync());
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.False(await lengths.Reader.WaitToReadAsync());
    }
}
