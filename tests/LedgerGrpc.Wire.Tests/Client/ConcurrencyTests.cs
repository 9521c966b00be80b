using Grpc.Testing;
using LedgerGrpc.Wire.Client;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>One channel shared across threads, with more calls in flight than one connection allows.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task TwoHundredFiftyConcurrentCallsFromOneChannelUseSeveralConnections()
    {
        const int calls = 250;
        // The server allows 100 streams per connection, as Kestrel and many servers do.
        await using var server = await PythonInteropServer.StartAsync(maxConcurrentStreams: 100);
        using var channel = WireChannel.ForAddress(server.Address);

        // Each call waits on the server until all 250 are in progress at once, so they can only
        // all succeed if the channel really runs them concurrently.
        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(i => Task.Run(() =>
            channel.UnaryWithMetadataAsync<SimpleRequest, SimpleResponse>(
                UnaryCall,
                new SimpleRequest { ResponseSize = i },
                new CallOptions(Headers: new Metadata { { "x-barrier", calls.ToString(System.Globalization.CultureInfo.InvariantCulture) } })))));

        Assert.Equal(Enumerable.Range(0, calls), results.Select(r => r.Response.Payload.Body.Length));
        var peers = results.Select(r => r.Trailers.GetValue("x-peer")).Distinct().ToList();
        Assert.True(peers.Count >= 3, $"250 concurrent calls at 100 streams per connection need at least 3 connections; the server saw {peers.Count}: {string.Join(", ", peers)}");
    }

    [Fact]
    public async Task ConcurrentStreamingCallsOfEveryKindShareTheChannel()
    {
        await using var server = await PythonInteropServer.StartAsync();
        using var channel = WireChannel.ForAddress(server.Address);

        var work = Enumerable.Range(0, 120).Select(i => Task.Run(async () =>
        {
            switch (i % 3)
            {
                case 0:
                    using (var call = channel.DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(FullDuplexCall))
                    {
                        await call.RequestStream.WriteAsync(PingPongRequest(i, i));
                        Assert.True(await call.ResponseStream.MoveNext());
                        Assert.Equal(i, call.ResponseStream.Current.Payload.Body.Length);
                        await call.RequestStream.CompleteAsync();
                        Assert.False(await call.ResponseStream.MoveNext());
                    }

                    break;
                case 1:
                    using (var call = channel.ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>(StreamingInputCall))
                    {
                        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(i) });
                        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(1) });
                        await call.RequestStream.CompleteAsync();
                        Assert.Equal(i + 1, (await call.ResponseAsync).AggregatedPayloadSize);
                    }

                    break;
                default:
                    var request = new StreamingOutputCallRequest();
                    request.ResponseParameters.Add(new ResponseParameters { Size = i });
                    request.ResponseParameters.Add(new ResponseParameters { Size = 1 });
                    using (var call = channel.ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>(StreamingOutputCall, request))
                    {
                        var sizes = new List<int>();
                        await foreach (var response in call.ResponseStream.ReadAllAsync())
                        {
                            sizes.Add(response.Payload.Body.Length);
                        }

                        Assert.Equal([i, 1], sizes);
                    }

                    break;
            }
        }));

        await Task.WhenAll(work);
    }
}
