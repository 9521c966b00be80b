using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace LedgerGrpc.Server.Operations;

/// <summary>
/// What gRPC callers get, as metrics: ASP.NET Core's <c>http.server.request.duration</c> tagged with the call's gRPC
/// status (<c>rpc.grpc.status_code</c>, OpenTelemetry's RPC convention), and the calls in flight. gRPC answers HTTP 200
/// whatever the outcome and carries its status in the grpc-status trailer (or header, for a trailers-only answer such
/// as a refused key), so without the tag nothing could alert on a method's error rate; grpc-dotnet itself publishes no
/// meter (only EventCounters). Registered only with metrics and Operations:GrpcStatusMetrics on: the middleware's
/// async frame and shared counter cost 3–4% CPU per RecordTransaction (bench/README.md).
/// </summary>
public static class GrpcCallMetrics
{
    public const string MeterName = "LedgerGrpc.Server";

    /// <summary>The tag added to http.server.request.duration: the status code as a number ("0" OK, "5" NOT_FOUND...).</summary>
    public const string StatusCodeTag = "rpc.grpc.status_code";

    private static readonly Meter Meter = new(MeterName);

    private static long _active;

    static GrpcCallMetrics()
    {
        // Observed when collected from one counter: ASP.NET Core's http.server.active_requests reports the same with two
        // tag-set lookups in the metrics SDK on every call, so the server drops it (OperationsServiceExtensions).
        Meter.CreateObservableUpDownCounter("grpc.server.calls.active", () => Interlocked.Read(ref _active), "{call}",
            "Calls being served: unary calls in flight and open streams (WatchChanges, WatchJob...), refused ones included.");
    }

    /// <summary>Put first in the pipeline, so calls refused by authentication, authorization or the rate limiter are
    /// counted and tagged too.</summary>
    public static IApplicationBuilder UseGrpcCallMetrics(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        Interlocked.Increment(ref _active);
        Task call;
        try
        {
            call = next(context);
        }
        catch
        {
            Interlocked.Decrement(ref _active);
            throw;
        }

        if (!call.IsCompleted) return EndAsync(call, context);
        End(context);
        return call;
    });

    private static async Task EndAsync(Task call, HttpContext context)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        finally
        {
            End(context);
        }
    }

    private static void End(HttpContext context)
    {
        Interlocked.Decrement(ref _active);
        // Present only while http.server.request.duration is enabled (and not disabled for this request).
        if (context.Features.Get<IHttpMetricsTagsFeature>() is not { MetricsDisabled: false } metrics) return;
        var status = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers.GrpcStatus is { Count: > 0 } trailer
            ? trailer
            : context.Response.Headers.GrpcStatus;
        if (status.Count > 0) metrics.Tags.Add(new(StatusCodeTag, status.ToString()));
    }
}
