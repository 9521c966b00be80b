using System.Collections.Concurrent;
using System.Net.Http;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>
/// Passes requests to a real HTTP/2 handler and keeps what went over the wire: request headers
/// and single-message bodies, response headers.
/// </summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    public ConcurrentQueue<(HttpRequestMessage Request, byte[]? Body, HttpResponseMessage Response)> Exchanges { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Buffered single-request bodies can be read twice; streaming bodies are not recorded.
        var body = request.Content is ReadOnlyMemoryContent content ? await content.ReadAsByteArrayAsync(cancellationToken) : null;
        var response = await base.SendAsync(request, cancellationToken);
        Exchanges.Enqueue((request, body, response));
        return response;
    }
}
