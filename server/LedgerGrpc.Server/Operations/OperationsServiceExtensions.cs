using LedgerGrpc.Access;
using LedgerGrpc.Classification;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Operations;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LedgerGrpc.Server.Operations;

/// <summary>Registers what operators run the server with: the shutdown budget, OpenTelemetry metrics (Prometheus
/// scrape endpoint on its own port, OTLP) and traces (OTLP).</summary>
public static class OperationsServiceExtensions
{
    /// <summary>Kestrel and ASP.NET Core publish these meters; LedgerGrpc adds its own four (gRPC calls by method and
    /// status, calls refused by access control, the ledger, classification). ASP.NET Core's are named here rather than
    /// through OpenTelemetry's AddAspNetCoreInstrumentation(), which also adds a middleware to every request (an async
    /// frame and 177 B per call) to tag HTTP 5xx answers, which gRPC never gives. Not listened to:
    /// "Microsoft.AspNetCore.Hosting", whose http.server.request.duration and http.server.active_requests are measured on
    /// every call through the metrics SDK and say HTTP 200 whatever the gRPC status; <see cref="GrpcCallMetrics"/>
    /// counts the calls instead (bench/README.md "Session 8: metrics on vs off").</summary>
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.MemoryPool", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization",
        GrpcCallMetrics.MeterName, AccessTelemetry.Name, LedgerTelemetry.Name, ClassificationTelemetry.Name,
    ];

    /// <summary>Per-request instruments of ASP.NET Core and Kestrel left out: each is a tagged measurement on every call (routing's
    /// match attempt; the rate limiter's lease held, its duration and time queued; authentication's duration) and together they cost more CPU per
    /// RecordTransaction than the 3% metrics may take (bench/README.md "Metrics on vs off"). Dropped by a view, the
    /// instrument is never enabled, so the framework skips recording it. Kept: Kestrel's connections, and the rate
    /// limiter's requests by result (acquired or rejected: the one to alert on).</summary>
    private static readonly string[] DroppedPerRequest =
    [
        "aspnetcore.routing.match_attempts", "aspnetcore.rate_limiting.active_request_leases",
        "aspnetcore.rate_limiting.request_lease.duration", "aspnetcore.rate_limiting.queued_requests",
        "aspnetcore.rate_limiting.request.time_in_queue",
        // Authentication's per-request duration and authorization's attempts: API-key calls never record them (they
        // take LedgerAuthenticationService's direct path and the RPC table's fast path), so only the rare JWT or
        // certificate call would; refused calls are counted as access.calls.refused instead.
        "aspnetcore.authentication.authenticate.duration", "aspnetcore.authorization.attempts",
        // Kestrel's HTTP/2 requests queued before they start: two updates per call, each with the connection's tags;
        // in a profile as costly as the request duration histogram (bench/README "Metrics on vs off", session 5).
        // The writer's queue depth is where this server's calls wait.
        "kestrel.queued_requests",
        // Kestrel's memory pool (.NET 10): bytes rented and bytes pooled change at every block rented and returned,
        // several times per call (request body, response, frames); after the two above, the rest of metrics' cost per
        // call in the same profile. Kept: bytes allocated and evicted, which move only when the pool grows or shrinks.
        "aspnetcore.memory_pool.rented", "aspnetcore.memory_pool.pooled",
    ];

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Operations").Get<OperationsOptions>() ?? new OperationsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ServerStart>();
        builder.Services.AddSingleton<ServerStatsReader>();
        builder.Services.AddSingleton<OperationsService>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        var otlp = options.OtlpEndpoint.Length > 0 ? new Uri(options.OtlpEndpoint) : null;
        if (!options.Metrics && otlp is null) return builder;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ledgergrpc", serviceVersion: ServerVersion.Current));
        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation().AddMeter(Meters);
                var dropped = DroppedPerRequest.Concat(options.DroppedInstruments.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet();
                foreach (var instrument in dropped)
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }

                if (options.MetricsUrls.Length > 0) metrics.AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            });
            if (options.MetricsUrls.Length > 0) builder.Services.AddHostedService<MetricsEndpoint>();
            // Counted by DomainErrorInterceptor when registered; with metrics off it is not, and calls pay nothing.
            builder.Services.AddSingleton<GrpcCallMetrics>();
        }

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(LedgerTelemetry.Name, ClassificationTelemetry.Name)
                .AddOtlpExporter(o => o.Endpoint = otlp));
        }

        return builder;
    }

    /// <summary>Maps ledger.v1.Operations, and starts the uptime clock.</summary>
    public static WebApplication MapOperationsServices(this WebApplication app)
    {
        app.Services.GetRequiredService<ServerStart>();
        app.MapGrpcService<OperationsService>();
        return app;
    }
}
