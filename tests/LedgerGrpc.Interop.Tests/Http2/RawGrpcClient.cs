using System.Net;
using System.Net.Http.Headers;

namespace LedgerGrpc.Interop.Tests.Http2;

/// <summary>
/// Hand-made HTTP requests to the server, for protocol edges no well-behaved gRPC client produces
/// (wrong content types, HTTP/1.1, bad encodings) and for inspecting the bytes on the wire.
/// </summary>
public sealed class RawGrpcClient(Uri address) : IDisposable
{
    public const string GrpcContentType = "application/grpc";

    private readonly HttpClient _http = new(new SocketsHttpHandler());

    public async Task<RawResponse> PostAsync(
        string path,
        byte[] body,
        string contentType = GrpcContentType,
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
        var responseHeaders = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var trailers = response.TrailingHeaders.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new RawResponse((int)response.StatusCode, bytes, responseHeaders, trailers);
    }

    public void Dispose() => _http.Dispose();
}
