using System.Buffers;
using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// The checks a request passes before any handler runs, answering failures as the gRPC HTTP/2
/// specification says: plain HTTP errors for non-gRPC requests, trailers-only statuses otherwise.
/// </summary>
internal static class CallGate
{
    /// <summary>False when the request was answered here (and must not reach the handler).</summary>
    public static bool TryAccept(HttpContext http, ILogger logger)
    {
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return Refuse(http, logger, Microsoft.AspNetCore.Http.StatusCodes.Status405MethodNotAllowed, $"gRPC calls use POST, not {request.Method}.");
        }

        if (!GrpcHeaders.IsGrpcContentType(request.ContentType))
        {
            return Refuse(http, logger, Microsoft.AspNetCore.Http.StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported: gRPC requests use application/grpc or application/grpc+proto.");
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // gRPC needs HTTP/2 trailers; an HTTP/1.x client could not read the status.
            return Refuse(http, logger, Microsoft.AspNetCore.Http.StatusCodes.Status426UpgradeRequired,
                $"Request protocol '{request.Protocol}' is not supported: gRPC requires HTTP/2.");
        }

        return true;
    }

    /// <summary>Answers an unsupported grpc-encoding: UNIMPLEMENTED, naming what is supported.</summary>
    public static void RefuseEncoding(HttpContext http, string encoding)
    {
        var headers = http.Response.Headers;
        http.Response.ContentType = GrpcHeaders.GrpcContentType;
        headers[GrpcHeaders.AcceptEncoding] = GrpcHeaders.SupportedEncodings;
        headers[GrpcHeaders.Status] = StatusHeaderValues.ToHeader(StatusCode.Unimplemented);
        headers[GrpcHeaders.Message] = PercentEncoding.Encode($"Unsupported grpc-encoding '{encoding}'. Supported encodings: {GrpcHeaders.SupportedEncodings}.");
    }

    /// <summary>A trailers-only response carrying just a status.</summary>
    public static void WriteTrailersOnly(HttpContext http, StatusCode code, string detail)
    {
        var headers = http.Response.Headers;
        http.Response.ContentType = GrpcHeaders.GrpcContentType;
        headers[GrpcHeaders.Status] = StatusHeaderValues.ToHeader(code);
        headers[GrpcHeaders.Message] = PercentEncoding.Encode(detail);
    }

    /// <summary>Lifts Kestrel's per-request body limits that would cut long-lived streams.</summary>
    public static void AllowLongStreams(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // The gRPC receive limit applies per message instead.
            size.MaxRequestBodySize = null;
        }

        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            // A client stream may rightly be idle for minutes between messages.
            rate.MinDataRate = null;
        }
    }

    private static bool Refuse(HttpContext http, ILogger logger, int httpStatus, string reason)
    {
        ServerLog.Refused(logger, http.Request.Path, reason);
        http.Response.StatusCode = httpStatus;
        http.Response.ContentType = "text/plain; charset=utf-8";
        // Buffered without a flush: completing the response sends it.
        http.Response.BodyWriter.Write(System.Text.Encoding.UTF8.GetBytes(reason + "\n"));
        return false;
    }
}
