using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>
/// Hand-made HTTP/2 requests, for what no well-behaved gRPC client sends (garbage messages, other content types) and
/// for seeing what the server itself sends: no client-side deadline hides the server's status.
/// </summary>
internal static class RawGrpc
{
    public const string GrpcContentType = "application/grpc";

    /// <summary>One uncompressed gRPC message frame around <paramref name="payload"/>.</summary>
    public static byte[] Frame(byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The `authorization` header with the test server's admin key: every call but health needs one.</summary>
    public static (string Name, string Value) AdminKey(TestServerHost server) => ("authorization", "Bearer " + server.AdminKey);

    public static async Task<RawReply> PostAsync(Uri address, string path, byte[] body, string contentType = GrpcContentType, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? Find(string name) =>
            response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values)
                ? string.Join(",", values)
                : null;
        return new RawReply((int)response.StatusCode, bytes, Find("grpc-status"), Find("grpc-message"));
    }
}

/// <summary>What came back: the HTTP status, the response body (gRPC frames) and the gRPC status from headers or trailers.</summary>
internal sealed record RawReply(int HttpStatus, byte[] Body, string? GrpcStatus, string? GrpcMessage)
{
    public string Message => Uri.UnescapeDataString(GrpcMessage ?? "");
}
