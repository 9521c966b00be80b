using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>
/// Hand-made HTTP requests to the server, for protocol edges no well-behaved gRPC client produces
/// (wrong content types, HTTP/1.1, bad encodings) and for inspecting the bytes on the wire.
/// </summary>
public sealed class RawGrpcClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler());

    public static byte[] Frame(IMessage message, bool compress = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageWriter.Write(buffer, message, compress);
        return buffer.WrittenSpan.ToArray();
    }

    public async Task<RawResponse> PostAsync(
        string path,
        byte[] body,
        string contentType = GrpcHeaders.GrpcContentType,
        Version? version = null,
        IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (request.Version == HttpVersion.Version20)
        {
            request.Headers.TE.ParseAdd("trailers");
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
            : null;
        string? Trailer(string name) => response.TrailingHeaders.TryGetValues(name, out var values) ? string.Join(",", values) : null;
        return new RawResponse(
            (int)response.StatusCode,
            bytes,
            Header,
            Trailer,
            Header(GrpcHeaders.Status) ?? Trailer(GrpcHeaders.Status),
            Header(GrpcHeaders.Message) ?? Trailer(GrpcHeaders.Message));
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An HTTP response as received; GrpcStatus/GrpcMessage come from headers (trailers-only) or trailers.</summary>
public sealed record RawResponse(
    int HttpStatus,
    byte[] Body,
    Func<string, string?> Header,
    Func<string, string?> Trailer,
    string? GrpcStatus,
    string? GrpcMessage)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
