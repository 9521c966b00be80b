using Google.Protobuf;
using Grpc.Testing;
using LedgerGrpc.Wire.Client;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>
/// The official interop cases for the four call kinds (doc/interop-test-descriptions.md), run by
/// LedgerGrpc's client against a Python grpcio server.
/// </summary>
public abstract class InteropCallCases<TFixture>(TFixture fixture) : InteropChannelTests<TFixture>(fixture)
    where TFixture : class, IInteropServerFixture
{
    [Fact]
    public async Task EmptyUnary()
    {
        var response = await Channel.UnaryAsync<Empty, Empty>(EmptyCall, new Empty());

        Assert.Equal(new Empty(), response);
    }

    [Fact]
    public async Task LargeUnary()
    {
        var response = await Channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall, new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) });

        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.All(response.Payload.Body.ToByteArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task ClientStreaming()
    {
        using var call = Channel.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(StreamingInputCall);
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal(74922, response.AggregatedPayloadSize);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));

        using var call = Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(StreamingOutputCall, request);
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }

        Assert.Equal(sizes, received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task PingPong()
    {
        (int Response, int Payload)[] exchanges = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)];
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);
        foreach (var (responseSize, payloadSize) in exchanges)
        {
            // Each response arrives while the request stream is still open: a true full-duplex exchange.
            await call.RequestStream.WriteAsync(PingPongRequest(responseSize, payloadSize));
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(responseSize, call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task EmptyStream()
    {
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task HalfDuplexRepliesAfterTheLastRequest()
    {
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(HalfDuplexCall);
        await call.RequestStream.WriteAsync(PingPongRequest(10, 1));
        await call.RequestStream.WriteAsync(PingPongRequest(20, 1));
        await call.RequestStream.CompleteAsync();

        var sizes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(response.Payload.Body.Length);
        }

        Assert.Equal([10, 20], sizes);
    }

    [Fact]
    public async Task ResponseLargerThanTheReceiveLimitIsResourceExhausted()
    {
        using var channel = WireChannel.ForAddress(Fixture.Address, new WireChannelOptions { MaxReceiveMessageSize = 1000 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall, new SimpleRequest { ResponseSize = 5000 }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        // The channel is still usable afterwards.
        Assert.Equal(100, (await channel.UnaryAsync<SimpleRequest, SimpleResponse>(UnaryCall, new SimpleRequest { ResponseSize = 100 })).Payload.Body.Length);
    }

    [Fact]
    public async Task ResponsesOfEightMebibytesArriveWhenTheLimitAllows()
    {
        using var channel = WireChannel.ForAddress(Fixture.Address, new WireChannelOptions { MaxReceiveMessageSize = null });

        var response = await channel.UnaryAsync<SimpleRequest, SimpleResponse>(UnaryCall, new SimpleRequest { ResponseSize = 8 * 1024 * 1024 });

        Assert.Equal(8 * 1024 * 1024, response.Payload.Body.Length);
    }

    [Fact]
    public void MethodOfAnotherKindIsRefusedBeforeAnythingIsSent()
    {
        var ex = Assert.Throws<ArgumentException>(() => Channel.ServerStreaming<SimpleRequest, SimpleResponse>(UnaryCall, new SimpleRequest()));

        Assert.Contains("Unary", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>The cases against a Python grpcio server.</summary>
public sealed class InteropCallTests(InteropServerFixture fixture) : InteropCallCases<InteropServerFixture>(fixture);

/// <summary>The cases against LedgerGrpc's own Wire server.</summary>
public sealed class WireServerCallTests(WireServerFixture fixture) : InteropCallCases<WireServerFixture>(fixture);
