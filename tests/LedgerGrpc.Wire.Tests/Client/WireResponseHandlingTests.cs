using Grpc.Testing;
using LedgerGrpc.Wire.Client;
using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Http;
using static LedgerGrpc.Wire.Tests.Client.TestServiceMethods;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>
/// How the client maps answers that are not a plain gRPC status (doc/http-grpc-status-mapping.md,
/// PROTOCOL-HTTP2.md), using a hand-written Kestrel endpoint.
/// </summary>
public sealed class WireResponseHandlingTests
{
    private static async Task<RpcException> CallFailsAsync(RequestDelegate handler)
    {
        await using var server = await RawHttp2Server.StartAsync(handler);
        using var channel = WireChannel.ForAddress(server.Address);
        return await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Empty, Empty>(EmptyCall, new Empty()));
    }

    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    public async Task HttpStatusesMapToGrpcStatuses(int httpStatus, StatusCode expected)
    {
        var ex = await CallFailsAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            return Task.CompletedTask;
        });

        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonGrpcContentTypeIsUnknown()
    {
        var ex = await CallFailsAsync(context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html>proxy error</html>");
        });

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("text/html", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingGrpcStatusIsUnknown()
    {
        var ex = await CallFailsAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await RawHttp2Server.WriteMessageAsync(context.Response, []);
        });

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
    }

    [Fact]
    public async Task UnsupportedResponseEncodingIsInternal()
    {
        var ex = await CallFailsAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-encoding"] = "snappy";
            await RawHttp2Server.WriteMessageAsync(context.Response, [], compressedFlag: true);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("snappy", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompressedFlagWithoutEncodingIsInternal()
    {
        var ex = await CallFailsAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await RawHttp2Server.WriteMessageAsync(context.Response, [1, 2, 3], compressedFlag: true);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task TwoResponsesToAUnaryCallAreInternal()
    {
        var ex = await CallFailsAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await RawHttp2Server.WriteMessageAsync(context.Response, []);
            await RawHttp2Server.WriteMessageAsync(context.Response, []);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task OkWithoutAResponseToAUnaryCallIsInternal()
    {
        var ex = await CallFailsAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
            return Task.CompletedTask;
        });

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task UnknownStatusNumberIsUnknownAndMessageIsPercentDecoded()
    {
        var ex = await CallFailsAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "42";
            context.Response.Headers["grpc-message"] = PercentEncoding.Encode("100% ☺");
            return Task.CompletedTask;
        });

        Assert.Equal(new Status(StatusCode.Unknown, "100% ☺"), ex.Status);
    }

    [Fact]
    public async Task StreamResetByTheServerIsMappedFromTheHttp2ErrorCode()
    {
        var ex = await CallFailsAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.FlushAsync();
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResetFeature>()!.Reset(0x7); // REFUSED_STREAM
        });

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task NoServerListeningIsUnavailable()
    {
        using var channel = WireChannel.ForAddress(UnusedLoopbackAddress.Create());

        var ex = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync<Empty, Empty>(EmptyCall, new Empty()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
