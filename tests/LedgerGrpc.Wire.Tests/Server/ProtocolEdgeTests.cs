using System.Net;
using Grpc.Testing;
using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>What the server answers to requests outside the happy path, checked on the raw HTTP/2 exchange.</summary>
public sealed class ProtocolEdgeTests : IAsyncLifetime
{
    private const string UnaryPath = "/grpc.testing.TestService/UnaryCall";
    private WireTestServer _server = null!;
    private RawGrpcClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await WireTestServer.StartAsync();
        _client = new RawGrpcClient(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static byte[] UnaryRequest(int responseSize = 10) => RawGrpcClient.Frame(new SimpleRequest { ResponseSize = responseSize });

    [Fact]
    public async Task Plain_unary_call_has_headers_one_message_and_ok_trailers()
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(10));

        Assert.Equal(200, response.HttpStatus);
        Assert.Equal("application/grpc", response.Header("content-type"));
        Assert.Equal("0", response.Trailer("grpc-status"));
        Assert.Equal(0, response.Body[0]);
        Assert.Equal(10, SimpleResponse.Parser.ParseFrom(response.Body.AsSpan(5).ToArray()).Payload.Body.Length);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/grpc+json")]
    [InlineData("text/plain")]
    public async Task Other_content_types_get_http_415(string contentType)
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(), contentType);

        Assert.Equal(415, response.HttpStatus);
        Assert.Contains("application/grpc", response.BodyText);
        Assert.Null(response.GrpcStatus);
    }

    [Fact]
    public async Task Http11_request_to_the_h2c_endpoint_is_refused_clearly()
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(), version: HttpVersion.Version11);

        Assert.Equal(400, response.HttpStatus);
        Assert.Contains("HTTP/2", response.BodyText);
    }

    [Fact]
    public async Task Http11_request_reaching_a_method_gets_426_naming_http2()
    {
        // An endpoint that admits HTTP/1.1 (as TLS endpoints may) still refuses gRPC over it.
        await using var server = await WireTestServer.StartAsync(protocols: HttpProtocols.Http1);
        using var client = new RawGrpcClient(server.Address);

        var response = await client.PostAsync(UnaryPath, UnaryRequest(), version: HttpVersion.Version11);

        Assert.Equal(426, response.HttpStatus);
        Assert.Contains("requires HTTP/2", response.BodyText);
    }

    [Fact]
    public async Task Unknown_method_and_unknown_service_are_trailers_only_unimplemented()
    {
        var method = await _client.PostAsync("/grpc.testing.TestService/NoSuchMethod", UnaryRequest());
        var service = await _client.PostAsync("/no.such.Service/Call", UnaryRequest());

        foreach (var response in new[] { method, service })
        {
            Assert.Equal(200, response.HttpStatus);
            Assert.Equal("12", response.Header("grpc-status"));
            Assert.Empty(response.Body);
        }

        Assert.Contains("Method is unimplemented", method.GrpcMessage);
        Assert.Contains("Service is unimplemented: no.such.Service", PercentEncoding.Decode(service.GrpcMessage!));
    }

    [Fact]
    public async Task Unsupported_encoding_is_unimplemented_and_names_the_supported_ones()
    {
        var response = await _client.PostAsync(UnaryPath, UnaryRequest(), headers: [("grpc-encoding", "snappy")]);

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("identity,gzip", response.Header("grpc-accept-encoding"));
        Assert.Contains("snappy", PercentEncoding.Decode(response.GrpcMessage!));
    }

    [Fact]
    public async Task Compressed_flag_without_an_encoding_is_internal()
    {
        var response = await _client.PostAsync(UnaryPath, RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 3 }, compress: true));

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Gzip_request_is_read_and_a_response_is_compressed_when_asked_and_accepted()
    {
        var request = new SimpleRequest { ResponseSize = 50_000, ResponseCompressed = new BoolValue { Value = true } };
        var response = await _client.PostAsync(
            UnaryPath,
            RawGrpcClient.Frame(request, compress: true),
            headers: [("grpc-encoding", "gzip"), ("grpc-accept-encoding", "gzip")]);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("gzip", response.Header("grpc-encoding"));
        Assert.Equal(1, response.Body[0]);
        Assert.True(response.Body.Length < 1000, "50,000 zero bytes compress well");
        var message = GzipCompression.Decompress(new System.Buffers.ReadOnlySequence<byte>(response.Body.AsMemory(5)), int.MaxValue);
        Assert.Equal(50_000, SimpleResponse.Parser.ParseFrom(message).Payload.Body.Length);
    }

    [Fact]
    public async Task Response_is_not_compressed_for_a_client_that_does_not_accept_gzip()
    {
        var request = new SimpleRequest { ResponseSize = 100, ResponseCompressed = new BoolValue { Value = true } };
        var response = await _client.PostAsync(UnaryPath, RawGrpcClient.Frame(request));

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal(0, response.Body[0]);
        Assert.Null(response.Header("grpc-encoding"));
    }

    [Fact]
    public async Task Unary_call_with_two_messages_or_none_is_internal()
    {
        var two = await _client.PostAsync(UnaryPath, [.. UnaryRequest(), .. UnaryRequest()]);
        var none = await _client.PostAsync(UnaryPath, []);

        Assert.Equal("13", two.GrpcStatus);
        Assert.Equal("13", none.GrpcStatus);
    }

    [Fact]
    public async Task Expired_grpc_timeout_is_deadline_exceeded_for_a_handler_waiting_on_requests()
    {
        // The handler waits a minute before its first response; the 50 ms deadline cancels it.
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 1, IntervalUs = 60_000_000 });
        var response = await _client.PostAsync("/grpc.testing.TestService/StreamingOutputCall", RawGrpcClient.Frame(request), headers: [("grpc-timeout", "50m")]);

        Assert.Equal("4", response.GrpcStatus);
    }
}
