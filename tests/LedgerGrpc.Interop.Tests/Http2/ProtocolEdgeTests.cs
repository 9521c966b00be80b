using System.Net;
using Grpc.Testing;
using LedgerGrpc.Interop.Tests.TestService;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LedgerGrpc.Interop.Tests.Http2;

/// <summary>What the server answers to requests outside the happy path, checked on the raw HTTP/2 exchange.</summary>
public sealed class ProtocolEdgeTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>, IDisposable
{
    private const string UnaryPath = "/grpc.testing.TestService/UnaryCall";
    private const string StreamingOutputPath = "/grpc.testing.TestService/StreamingOutputCall";
    private readonly RawGrpcClient _client = new(fixture.Server.Address);

    public void Dispose() => _client.Dispose();

    private static byte[] UnaryRequest(int responseSize = 10) => GrpcFrames.Frame(new SimpleRequest { ResponseSize = responseSize });

    [Fact]
    public async Task Plain_unary_call_has_headers_one_message_and_ok_trailers()
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(10));

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("application/grpc", response.Header("content-type"));
        Assert.Equal("0", response.Trailer("grpc-status"));
        var (compressed, message) = Assert.Single(GrpcFrames.Read(response.Body));
        Assert.False(compressed);
        Assert.Equal(10, SimpleResponse.Parser.ParseFrom(message).Payload.Body.Length);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Other_content_types_get_http_415(string contentType)
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(), contentType);

        Assert.True(response.HttpStatus == 415, response.ToString());
        Assert.Contains(contentType, response.GrpcMessage);
    }

    [Fact]
    public async Task Http11_request_to_the_h2c_endpoint_is_refused_clearly()
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(), version: HttpVersion.Version11);

        Assert.True(response.HttpStatus == 400, response.ToString());
        Assert.Contains("HTTP/2", response.BodyText);
    }

    [Fact]
    public async Task Http11_request_reaching_a_method_gets_426()
    {
        // An endpoint that admits HTTP/1.1 (as TLS endpoints may) still refuses gRPC over it.
        await using var server = await InteropServer.StartAsync(protocols: HttpProtocols.Http1);
        using var client = new RawGrpcClient(server.Address);

        var response = await client.PostAsync(UnaryPath, UnaryRequest(), version: HttpVersion.Version11);

        Assert.True(response.HttpStatus == 426, response.ToString());
        Assert.Contains("HTTP/1.1", response.GrpcMessage);
    }

    [Fact]
    public async Task Unknown_method_and_unknown_service_are_trailers_only_unimplemented()
    {
        var method = await _client.PostAsync("/grpc.testing.TestService/NoSuchMethod", UnaryRequest());
        var service = await _client.PostAsync("/no.such.Service/Call", UnaryRequest());

        foreach (var response in new[] { method, service })
        {
            Assert.True(response.HttpStatus == 200, response.ToString());
            Assert.True(response.Header("grpc-status") == "12", response.ToString());
            Assert.Empty(response.Body);
        }

        Assert.Equal("Method is unimplemented.", method.GrpcMessage);
        Assert.Equal("Service is unimplemented.", service.GrpcMessage);
    }

    [Fact]
    public async Task Message_compressed_with_an_unsupported_encoding_is_unimplemented_and_names_the_supported_ones()
    {
        var compressed = GrpcFrames.Frame(new SimpleRequest { ResponseSize = 3 }, compress: true);
        var response = await _client.PostAsync(UnaryPath, compressed, headers: [("grpc-encoding", "snappy")]);

        Assert.True(response.GrpcStatus == "12", response.ToString());
        // grpc/doc/compression.md: the supported encodings, never the one that was refused.
        var accepted = response.Header("grpc-accept-encoding")?.Split(',') ?? [];
        Assert.Contains("gzip", accepted);
        Assert.DoesNotContain("snappy", accepted);
        Assert.Contains("snappy", response.GrpcMessage);
    }

    [Fact]
    public async Task Uncompressed_message_with_an_unsupported_encoding_header_is_read()
    {
        // The message flag, not the header, says whether a message is compressed.
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(3), headers: [("grpc-encoding", "snappy")]);

        Assert.True(response.GrpcStatus == "0", response.ToString());
        Assert.Equal(3, SimpleResponse.Parser.ParseFrom(Assert.Single(GrpcFrames.Read(response.Body)).Message).Payload.Body.Length);
    }

    [Fact]
    public async Task Compressed_flag_without_an_encoding_is_internal()
    {
        var response = await _client.PostAsync(UnaryPath, GrpcFrames.Frame(new SimpleRequest { ResponseSize = 3 }, compress: true));

        Assert.True(response.GrpcStatus == "13", response.ToString());
    }

    [Fact]
    public async Task Gzip_request_is_read_and_the_response_is_compressed_when_asked_and_accepted()
    {
        var request = new SimpleRequest { ResponseSize = 50_000, ResponseCompressed = new BoolValue { Value = true } };
        var response = await _client.PostAsync(
            UnaryPath,
            GrpcFrames.Frame(request, compress: true),
            headers: [("grpc-encoding", "gzip"), ("grpc-accept-encoding", "gzip")]);

        Assert.True(response.GrpcStatus == "0", response.ToString());
        Assert.Equal("gzip", response.Header("grpc-encoding"));
        Assert.True(response.Body.Length < 1000, $"50,000 zero bytes compress well, but {response.Body.Length} bytes came");
        var (compressed, message) = Assert.Single(GrpcFrames.Read(response.Body));
        Assert.True(compressed, "server_compressed_unary: response_compressed=true must set the compressed flag");
        Assert.Equal(50_000, SimpleResponse.Parser.ParseFrom(message).Payload.Body.Length);
    }

    [Fact]
    public async Task Response_is_not_compressed_when_not_asked_even_for_a_client_accepting_gzip()
    {
        var request = new SimpleRequest { ResponseSize = 50_000, ResponseCompressed = new BoolValue { Value = false } };
        var response = await _client.PostAsync(UnaryPath, GrpcFrames.Frame(request), headers: [("grpc-accept-encoding", "gzip")]);

        Assert.True(response.GrpcStatus == "0", response.ToString());
        var (compressed, message) = Assert.Single(GrpcFrames.Read(response.Body));
        Assert.False(compressed, "server_compressed_unary: response_compressed=false must not set the compressed flag");
        Assert.Equal(50_000, SimpleResponse.Parser.ParseFrom(message).Payload.Body.Length);
    }

    [Fact]
    public async Task Response_is_not_compressed_for_a_client_that_does_not_accept_gzip()
    {
        var request = new SimpleRequest { ResponseSize = 100, ResponseCompressed = new BoolValue { Value = true } };
        var response = await _client.PostAsync(UnaryPath, GrpcFrames.Frame(request), headers: [("grpc-accept-encoding", "identity")]);

        Assert.True(response.GrpcStatus == "0", response.ToString());
        Assert.False(Assert.Single(GrpcFrames.Read(response.Body)).Compressed);
        Assert.Null(response.Header("grpc-encoding"));
    }

    [Fact]
    public async Task Streamed_responses_are_compressed_message_by_message_as_asked()
    {
        // server_compressed_streaming: compression on for the first message, off for the second.
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 31415, Compressed = new BoolValue { Value = true } });
        request.ResponseParameters.Add(new ResponseParameters { Size = 92653, Compressed = new BoolValue { Value = false } });
        var response = await _client.PostAsync(StreamingOutputPath, GrpcFrames.Frame(request), headers: [("grpc-accept-encoding", "gzip")]);

        Assert.True(response.GrpcStatus == "0", response.ToString());
        var messages = GrpcFrames.Read(response.Body);
        Assert.Equal([true, false], messages.Select(m => m.Compressed));
        Assert.Equal([31415, 92653], messages.Select(m => StreamingOutputCallResponse.Parser.ParseFrom(m.Message).Payload.Body.Length));
    }

    [Fact]
    public async Task Uncompressed_request_that_should_have_been_compressed_is_invalid_argument()
    {
        // client_compressed_unary's probe, and its converse.
        var expectCompressed = new SimpleRequest { ResponseSize = 1, ExpectCompressed = new BoolValue { Value = true } };
        var expectPlain = new SimpleRequest { ResponseSize = 1, ExpectCompressed = new BoolValue { Value = false } };

        var probe = await _client.PostAsync(UnaryPath, GrpcFrames.Frame(expectCompressed));
        var converse = await _client.PostAsync(UnaryPath, GrpcFrames.Frame(expectPlain, compress: true), headers: [("grpc-encoding", "gzip")]);
        var compressed = await _client.PostAsync(UnaryPath, GrpcFrames.Frame(expectCompressed, compress: true), headers: [("grpc-encoding", "gzip")]);

        Assert.True(probe.GrpcStatus == "3", probe.ToString());
        Assert.True(converse.GrpcStatus == "3", converse.ToString());
        Assert.True(compressed.GrpcStatus == "0", compressed.ToString());
    }

    [Fact]
    public async Task Unary_call_with_two_messages_or_none_is_internal()
    {
        var two = await _client.PostAsync(UnaryPath, [.. UnaryRequest(), .. UnaryRequest()]);
        var none = await _client.PostAsync(UnaryPath, []);

        Assert.True(two.GrpcStatus == "13", two.ToString());
        Assert.True(none.GrpcStatus == "13", none.ToString());
    }

    [Fact]
    public async Task Truncated_message_is_internal()
    {
        var frame = UnaryRequest(10);
        var response = await _client.PostAsync(UnaryPath, frame[..^2]);

        Assert.True(response.GrpcStatus == "13", response.ToString());
    }

    [Fact]
    public async Task Expired_grpc_timeout_is_deadline_exceeded_for_a_handler_still_waiting()
    {
        // The handler waits a minute before its first response; the 50 ms deadline ends the call.
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 1, IntervalUs = 60_000_000 });
        var response = await _client.PostAsync(StreamingOutputPath, GrpcFrames.Frame(request), headers: [("grpc-timeout", "50m")]);

        Assert.True(response.GrpcStatus == "4", response.ToString());
        Assert.Empty(response.Body);
    }
}
