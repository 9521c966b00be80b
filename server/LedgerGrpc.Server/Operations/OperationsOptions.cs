namespace LedgerGrpc.Server.Operations;

/// <summary>Configuration section "Operations": stopping, metrics and traces.</summary>
public sealed class OperationsOptions
{
    /// <summary>How long SIGTERM (or Ctrl+C) waits for calls in flight before ending them; the writer's queue is then
    /// drained and committed and the WAL checkpointed. Streams (WatchChanges) end at once with UNAVAILABLE.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the Prometheus scrape endpoint (GET /metrics, HTTP/1.1) listens, apart from the gRPC port, e.g.
    /// "http://0.0.0.0:9464"; ';'-separated; empty (default): no scrape endpoint.</summary>
    public string MetricsUrls { get; set; } = "";

    /// <summary>Collect metrics (meters of ASP.NET Core, Kestrel, the runtime and LedgerGrpc); false turns them off
    /// (the measured baseline for their cost).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>More instruments to leave out, ';'-separated names (e.g. "kestrel.active_connections"), on top of the
    /// per-request ones the server always drops; an instrument left out is never enabled, so it costs nothing.</summary>
    public string DroppedInstruments { get; set; } = "";

    /// <summary>Tag http.server.request.duration with each call's gRPC status (rpc.grpc.status_code) and count the calls
    /// in flight (grpc.server.calls.active), by a middleware around every call. Off by default: measured at 3–4% more
    /// server CPU per RecordTransaction (bench/README.md "Session 7: metrics on vs off"), beyond the 3% all metrics
    /// may cost. Turn it on to alert on gRPC error rates per method.</summary>
    public bool GrpcStatusMetrics { get; set; }

    /// <summary>An OTLP collector (e.g. "http://127.0.0.1:4317") to export metrics and traces to; empty: none. Traces
    /// (a span per RPC, through the writer's queue and the batch's commit) are collected only when this is set.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>How often WatchJob and WatchJobs send a running job's progress (a job being queued, starting or
    /// finishing is sent at once).</summary>
    public TimeSpan JobProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
