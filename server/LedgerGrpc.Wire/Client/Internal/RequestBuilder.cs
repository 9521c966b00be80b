using System.Net;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>The HTTP/2 request of a call: headers per the gRPC over HTTP/2 specification plus metadata.</summary>
internal static class RequestBuilder
{
    private const string UserAgent = "grpc-dotnet-ledgergrpc/1.0";

    public static HttpRequestMessage Build(WireChannel channel, string path, HttpContent content, Metadata? headers, TimeSpan? timeout, bool compress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(channel.Address, path))
        {
            Version = HttpVersion.Version20,
            // gRPC needs HTTP/2: never fall back to HTTP/1.1. For http:// this means prior knowledge (h2c).
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        var h = request.Headers;
        h.TryAddWithoutValidation(GrpcHeaders.TE, GrpcHeaders.Trailers);
        h.TryAddWithoutValidation(GrpcHeaders.UserAgent, UserAgent);
        h.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, GrpcHeaders.SupportedEncodings);
        if (compress)
        {
            h.TryAddWithoutValidation(GrpcHeaders.Encoding, GrpcHeaders.GzipEncoding);
        }

        if (timeout is { } t)
        {
            h.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(t));
        }

        AddMetadata(h, channel.DefaultHeaders);
        AddMetadata(h, headers);
        content.Headers.TryAddWithoutValidation(GrpcHeaders.ContentType, GrpcHeaders.GrpcContentType);
        return request;
    }

    private static void AddMetadata(System.Net.Http.Headers.HttpRequestHeaders target, Metadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var entry in metadata)
        {
            if (GrpcHeaders.IsReserved(entry.Key))
            {
                throw new ArgumentException($"Metadata key '{entry.Key}' is reserved by the gRPC protocol and cannot be sent as call metadata.");
            }

            if (!IsValidKey(entry.Key))
            {
                throw new ArgumentException($"Metadata key '{entry.Key}' is not a valid header name: use lower-case letters, digits, '-', '_' and '.'.");
            }

            var value = MetadataHeaders.ToHeaderValue(entry);
            if (!entry.IsBinary && !IsPrintableAscii(value))
            {
                throw new ArgumentException($"Metadata value for '{entry.Key}' must be printable ASCII; send binary or non-ASCII data under a '-bin' key.");
            }

            target.TryAddWithoutValidation(entry.Key, value);
        }
    }

    private static bool IsValidKey(string key)
    {
        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
