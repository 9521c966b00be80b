using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>A client that stops reading holds the streaming handler back instead of growing server buffers.</summary>
public sealed class BackpressureTests
{
    private const int Messages = 300;
    private const int MessageSize = 64 * 1024;

    [Fact]
    public async Task Streaming_writes_wait_for_a_slow_reader_and_resume_when_it_reads()
    {
        var observer = new WriteObserver();
        await using var server = await WireTestServer.StartAsync(services: s => s.AddSingleton(observer));
        using var http = new HttpClient(new SocketsHttpHandler());
        var request = new StreamingOutputCallRequest();
        for (var i = 0; i < Messages; i++)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = MessageSize });
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/grpc.testing.TestService/StreamingOutputCall"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(RawGrpcClient.Frame(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        // Read the headers only: the ~19 MiB of responses stay unread for now.
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var writtenBeforeWaiting = await observer.FirstPendingWrite.Task;

        Assert.True(writtenBeforeWaiting >= 0, "every write completed although the client read nothing");
        Assert.True((long)writtenBeforeWaiting * MessageSize < 4 * 1024 * 1024, $"{writtenBeforeWaiting} messages were buffered before a write waited");

        var body = await response.Content.ReadAsByteArrayAsync();
        var count = 0;
        for (var offset = 0; offset < body.Length; count++)
        {
            offset += 5 + (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
        }

        Assert.Equal(Messages, count);
        Assert.Equal("0", string.Join(",", response.TrailingHeaders.GetValues("grpc-status")));
    }
}
