using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>
/// A minimal OTLP/gRPC receiver (no collector package is available here): Kestrel on 127.0.0.1:0, HTTP/2, answering
/// the trace and metrics services' Export with an empty message and status OK, and keeping each request's
/// protobuf payload (without the gRPC frame header) by service.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    public const string Traces = "opentelemetry.proto.collector.trace.v1.TraceService";
    public const string Metrics = "opentelemetry.proto.collector.metrics.v1.MetricsService";

    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Service, byte[] Payload)> Requests { get; } = new();

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        foreach (var service in new[] { Traces, Metrics })
        {
            app.MapPost($"/{service}/Export", context => receiver.ExportAsync(service, context));
        }

        await app.StartAsync();
        return receiver;
    }

    private async Task ExportAsync(string service, HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        // One gRPC message: a compression flag byte, a 4-byte big-endian length, then the protobuf message.
        Requests.Enqueue((service, bytes.Length >= 5 ? bytes[5..] : []));
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5]);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
