using Google.Protobuf;
using Grpc.Testing;
using LedgerGrpc.Wire.Client;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>Interop cases for metadata and statuses, against a Python grpcio server.</summary>
public abstract class InteropStatusAndMetadataCases<TFixture>(TFixture fixture) : InteropChannelTests<TFixture>(fixture)
    where TFixture : class, IInteropServerFixture
{
    private const string InitialKey = "x-grpc-test-echo-initial";
    private const string InitialValue = "test_initial_metadata_value";
    private const string TrailingKey = "x-grpc-test-echo-trailing-bin";
    private static readonly byte[] TrailingValue = [0xab, 0xab, 0xab];

    private static Metadata EchoMetadata() => new() { { InitialKey, InitialValue }, { TrailingKey, TrailingValue } };

    [Fact]
    public async Task CustomMetadataUnary()
    {
        var result = await Channel.UnaryWithMetadataAsync<SimpleRequest, SimpleResponse>(
            UnaryCall,
            new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) },
            new CallOptions(Headers: EchoMetadata()));

        Assert.Equal(314159, result.Response.Payload.Body.Length);
        Assert.Equal(InitialValue, result.ResponseHeaders.GetValue(InitialKey));
        Assert.Equal(TrailingValue, result.Trailers.GetValueBytes(TrailingKey));
    }

    [Fact]
    public async Task CustomMetadataFullDuplex()
    {
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            FullDuplexCall, new CallOptions(Headers: EchoMetadata()));
        await call.RequestStream.WriteAsync(PingPongRequest(314159, 271828));
        await call.RequestStream.CompleteAsync();

        var headers = await call.ResponseHeadersAsync;
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(314159, call.ResponseStream.Current.Payload.Body.Length);
        Assert.False(await call.ResponseStream.MoveNext());

        Assert.Equal(InitialValue, headers.GetValue(InitialKey));
        Assert.Equal(TrailingValue, call.GetTrailers().GetValueBytes(TrailingKey));
    }

    [Fact]
    public async Task BinaryMetadataOfEveryLengthSurvivesTheRoundTrip()
    {
        // base64 with 0, 1 and 2 padding characters (sent unpadded). Not the empty value: Kestrel
        // leaves empty trailer values out, so our server cannot echo one.
        for (var length = 1; length < 7; length++)
        {
            var value = Enumerable.Range(250, length).Select(i => (byte)i).ToArray();
            var result = await Channel.UnaryWithMetadataAsync<SimpleRequest, SimpleResponse>(
                UnaryCall, new SimpleRequest(), new CallOptions(Headers: new Metadata { { TrailingKey, value } }));

            Assert.Equal(value, result.Trailers.GetValueBytes(TrailingKey));
        }
    }

    [Fact]
    public async Task StatusCodeAndMessageUnary()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall, new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = "test status message" } }));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("test status message", ex.Status.Detail);
    }

    [Fact]
    public async Task StatusCodeAndMessageFullDuplex()
    {
        using var call = Channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall);
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = 2, Message = "test status message" } });
        await call.RequestStream.CompleteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("test status message", ex.Status.Detail);
        Assert.Equal(new Status(StatusCode.Unknown, "test status message"), call.GetStatus());
    }

    [Fact]
    public async Task SpecialStatusMessage()
    {
        const string message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall, new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = message } }));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal(message, ex.Status.Detail);
    }

    [Fact]
    public async Task ErrorStatusCarriesTrailers()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall,
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.FailedPrecondition, Message = "no" } },
            new CallOptions(Headers: new Metadata { { TrailingKey, TrailingValue } })));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal(TrailingValue, ex.Trailers.GetValueBytes(TrailingKey));
    }

    [Fact]
    public async Task UnimplementedMethod()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<Empty, Empty>(UnimplementedCall, new Empty()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task UnimplementedService()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<Empty, Empty>(UnimplementedServiceCall, new Empty()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task StreamingCallEndingWithoutMessagesIsTrailersOnly()
    {
        var request = new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound, Message = "nothing here" } };
        using var call = Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(StreamingOutputCall, request);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(new Status(StatusCode.NotFound, "nothing here"), ex.Status);
        Assert.Empty(await call.ResponseHeadersAsync);
    }

    [Fact]
    public void ReservedOrNonAsciiMetadataIsRefusedBeforeSending()
    {
        Assert.Throws<ArgumentException>(() => Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            StreamingOutputCall, new StreamingOutputCallRequest(), new CallOptions(Headers: new Metadata { { "grpc-timeout", "1S" } })));
        Assert.Throws<ArgumentException>(() => Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(
            StreamingOutputCall, new StreamingOutputCallRequest(), new CallOptions(Headers: new Metadata { { "x-name", "naïve" } })));
    }
}

/// <summary>The cases against a Python grpcio server.</summary>
public sealed class InteropStatusAndMetadataTests(InteropServerFixture fixture) : InteropStatusAndMetadataCases<InteropServerFixture>(fixture)
{
    [Fact]
    public async Task RichErrorDetailsReachTheCallerAsATrailer()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync<SimpleRequest, SimpleResponse>(
            UnaryCall,
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.InvalidArgument, Message = "bad" } },
            new CallOptions(Headers: new Metadata { { "x-status-details", "serialized google.rpc.Status" } })));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("serialized google.rpc.Status"u8.ToArray(), ex.Trailers.GetValueBytes("grpc-status-details-bin"));
    }

    [Fact]
    public async Task FailedCallsLeaveNoUnobservedTaskExceptions()
    {
        var marker = Guid.NewGuid().ToString("N");
        var unobserved = new List<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            lock (unobserved)
            {
                unobserved.Add(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await FailWithoutLookingAtHeadersOrResponseAsync(marker);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        lock (unobserved)
        {
            Assert.DoesNotContain(unobserved, e => e.ToString().Contains(marker, StringComparison.Ordinal));
        }
    }

    private async Task FailWithoutLookingAtHeadersOrResponseAsync(string marker)
    {
        var failure = new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Aborted, Message = marker } };
        using (var call = Channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(StreamingOutputCall, failure))
        {
            await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        }

        using var cts = new CancellationTokenSource();
        using (var call = Channel.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(StreamingInputCall, new CallOptions(CancellationToken: cts.Token)))
        {
            cts.Cancel();
            await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new StreamingInputCallRequest()));
        }
    }
}

/// <summary>The cases against LedgerGrpc's own Wire server.</summary>
public sealed class WireServerStatusAndMetadataTests(WireServerFixture fixture) : InteropStatusAndMetadataCases<WireServerFixture>(fixture);
