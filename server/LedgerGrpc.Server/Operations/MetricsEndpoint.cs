using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;

namespace LedgerGrpc.Server.Operations;

/// <summary>
/// The Prometheus scrape endpoint (GET /metrics) on its own Kestrel listener (<see cref="OperationsOptions.MetricsUrls"/>,
/// HTTP/1.1 as Prometheus scrapes), apart from the gRPC port (HTTP/2 only): scrapes never share the callers' connection
/// limits and the port can be firewalled separately. It serves the main server's meter provider.
/// </summary>
public sealed partial class MetricsEndpoint(IServiceProvider services, OperationsOptions options, ILogger<MetricsEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The bound addresses (port 0 resolved), once started.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.MetricsUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1));
        _app = builder.Build();
        _app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: services.GetRequiredService<MeterProvider>(), predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
        foreach (var address in Addresses)
        {
            LogListening(address);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics (Prometheus) listening on {Address}/metrics")]
    private partial void LogListening(string address);
}
