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

    /// <summary>Collect metrics (meters of Kestrel, ASP.NET Core, the runtime and LedgerGrpc); false turns them off
    /// (the measured baseline for their cost).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>More instruments to leave out, ';'-separated names (e.g. "kestrel.active_connections"), on top of the
    /// per-request ones the server always drops; an instrument left out is never enabled, so it costs nothing.</summary>
    public string DroppedInstruments { get; set; } = "";

    /// <summary>Also record each gRPC call's latency in a histogram (rpc.server.call.duration, by method and gRPC
    /// status), for percentiles; without it the calls, their status and their mean latency are still counted
    /// (rpc.server.calls, rpc.server.calls.duration). Off by default: a measurement through the metrics SDK on every
    /// call, measured in bench/README.md "Session 8: metrics on vs off".</summary>
    public bool CallDurationHistogram { get; set; }

    /// <summary>An OTLP collector (e.g. "http://127.0.0.1:4317") to export metrics and traces to; empty: none. Traces
    /// (a span per RPC, through the writer's queue and the batch's commit) are collected only when this is set.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>How often WatchJob and WatchJobs send a running job's progress (a job being queued, starting or
    /// finishing is sent at once).</summary>
    public TimeSpan JobProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
