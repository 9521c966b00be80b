using Grpc.Testing;
using LedgerGrpc.Wire.Client;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>gzip in both directions against a Python grpcio server, with the wire bytes checked.</summary>
public sealed class InteropCompressionTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>, IDisposable
{
    private readonly RecordingHandler _recorder = new();

    public void Dispose() => _recorder.Dispose();

    /// <summary>A channel over the recorder (the channel disposes it).</summary>
    private WireChannel RecordedChannel(bool compressRequests = false) =>
        WireChannel.ForAddress(fixture.Server.Address, new WireChannelOptions { HttpHandler = _recorder, CompressRequests = compressRequests });

    [Fact]
    public async Task ClientCompressedUnary()
    {
        using var channel = RecordedChannel();

        var response = await channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall,
            new SimpleRequest { ExpectCompressed = new BoolValue { Value = true }, ResponseSize = 314159, Payload = Zeros(271828) },
            new CallOptions(Compress: true));

        Assert.Equal(314159, response.Payload.Body.Length);
        var (request, body, _) = Assert.Single(_recorder.Exchanges);
        Assert.Equal("gzip", Assert.Single(request.Headers.GetValues("grpc-encoding")));
        Assert.Equal(1, body![0]); // compressed flag
        Assert.Equal([0x1f, 0x8b], body[5..7]); // gzip magic
        Assert.True(body.Length < 271828 / 10, $"271828 zero bytes should compress well, got {body.Length} bytes");
    }

    [Fact]
    public async Task UncompressedUnarySaysWhatItAccepts()
    {
        using var channel = RecordedChannel();

        await channel.UnaryAsync<SimpleRequest, SimpleResponse>(UnaryCall, new SimpleRequest { Payload = Zeros(1000) });

        var (request, body, _) = Assert.Single(_recorder.Exchanges);
        Assert.False(request.Headers.Contains("grpc-encoding"));
        Assert.Equal("identity,gzip", Assert.Single(request.Headers.GetValues("grpc-accept-encoding")));
        Assert.Equal(0, body![0]);
    }

    [Fact]
    public async Task ServerCompressedUnary()
    {
        using var channel = RecordedChannel();

        var response = await channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall, new SimpleRequest { ResponseCompressed = new BoolValue { Value = true }, ResponseSize = 314159, Payload = Zeros(271828) });

        Assert.Equal(314159, response.Payload.Body.Length);
        var (_, _, httpResponse) = Assert.Single(_recorder.Exchanges);
        Assert.Equal("gzip", Assert.Single(httpResponse.Headers.GetValues("grpc-encoding")));
    }

    [Fact]
    public async Task ChannelWideCompressionOnAClientStream()
    {
        using var channel = RecordedChannel(compressRequests: true);
        using var call = channel.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(StreamingInputCall);
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();

        Assert.Equal(74922, (await call.ResponseAsync).AggregatedPayloadSize);
        var (request, _, _) = Assert.Single(_recorder.Exchanges);
        Assert.Equal("gzip", Assert.Single(request.Headers.GetValues("grpc-encoding")));
    }
}
