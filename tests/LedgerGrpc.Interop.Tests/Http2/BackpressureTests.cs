using System.Net;
using System.Net.Http.Headers;
using Grpc.Testing;
using LedgerGrpc.Interop.Tests.TestService;

namespace LedgerGrpc.Interop.Tests.Http2;

/// <summary>A client that stops reading holds the streaming handler back instead of growing server buffers.</summary>
public sealed class BackpressureTests
{
    private const int Messages = 300;
    private const int MessageSize = 64 * 1024;

    [Fact]
    public async Task Streaming_writes_wait_for_a_slow_reader_and_resume_when_it_reads()
    {
        await using var server = await InteropServer.StartAsync();
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
            Content = new ByteArrayContent(GrpcFrames.Frame(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(RawGrpcClient.GrpcContentType);

        // Read the headers only: the ~19 MiB of responses stay unread for now.
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var writtenBeforeWaiting = await server.Observer.FirstPendingWrite.Task;

        Assert.True(writtenBeforeWaiting >= 0, "every write completed although the client read nothing");
        Assert.True((long)writtenBeforeWaiting * MessageSize < 4 * 1024 * 1024, $"{writtenBeforeWaiting} messages were buffered before a write waited");

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Messages, GrpcFrames.Read(body).Count);
        Assert.Equal("0", string.Join(",", response.TrailingHeaders.GetValues("grpc-status")));
    }
}
