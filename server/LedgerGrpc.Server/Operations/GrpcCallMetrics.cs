using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace LedgerGrpc.Server.Operations;

/// <summary>
/// gRPC calls as metrics, counted where each call's status is known (<see cref="Errors.DomainErrorInterceptor"/>), in
/// OpenTelemetry's RPC terms (tags <c>rpc.service</c>, <c>rpc.method</c>, <c>rpc.grpc.status_code</c>):
/// <list type="bullet">
/// <item><c>rpc.server.calls</c>: calls ended, by method and gRPC status (the error rate to alert on);</item>
/// <item><c>rpc.server.calls.duration</c>: seconds spent serving them, by method and status (over the calls: the mean);</item>
/// <item><c>rpc.server.calls.active</c>: calls in flight and streams open, by method;</item>
/// <item>with Operations:CallDurationHistogram, <c>rpc.server.call.duration</c>: their latency as a histogram (percentiles).</item>
/// </list>
/// The counts are plain counters read when scraped (observable instruments), not a measurement through the metrics SDK
/// on every call: ASP.NET Core's <c>http.server.request.duration</c> did that (a tag set built and looked up per call,
/// then a histogram update) and was most of what metrics cost per RecordTransaction (bench/README.md "Session 8"); it
/// also said HTTP 200 for every gRPC call, whatever its status. Calls refused before they reach gRPC (credentials,
/// permissions, rate limits) are counted by LedgerGrpc.Access as <c>access.calls.refused</c>.
/// </summary>
public sealed class GrpcCallMetrics
{
    public const string MeterName = "LedgerGrpc.Server";

    // StatusCode.OK (0) to StatusCode.Unauthenticated (16).
    private const int Statuses = 17;

    private static readonly double SecondsPerTick = 1.0 / Stopwatch.Frequency;

    /// <summary>Seconds: from half a millisecond (a read) to ten seconds (a large import page or export).</summary>
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, MethodCalls> _methods = new(StringComparer.Ordinal);
    private readonly Histogram<double>? _duration;

    public GrpcCallMetrics(IMeterFactory meters, OperationsOptions options)
    {
        // From the server's meter factory, so the instruments go with this server (tests start several in one process).
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("rpc.server.calls", () => Observe(static (calls, status) => calls.Ended[status]), "{call}",
            "gRPC calls ended, by method and gRPC status (rpc.grpc.status_code: 0 OK, 3 INVALID_ARGUMENT, 5 NOT_FOUND...).");
        meter.CreateObservableCounter("rpc.server.calls.duration", () => Observe(static (calls, status) => calls.Ticks[status] * SecondsPerTick), "s",
            "Seconds spent serving gRPC calls, by method and gRPC status; divided by rpc.server.calls, the mean latency.");
        meter.CreateObservableUpDownCounter("rpc.server.calls.active", ObserveActive, "{call}",
            "gRPC calls being served, by method: unary calls in flight and open streams (WatchChanges, WatchJob...).");
        if (options.CallDurationHistogram)
        {
            _duration = meter.CreateHistogram("rpc.server.call.duration", "s", "gRPC call latency, by method and gRPC status.",
                tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        }
    }

    /// <summary>A call begins: counted as active until <see cref="End"/>.</summary>
    public CallTiming Start(string method)
    {
        var calls = _methods.GetOrAdd(method, static name => new MethodCalls(name));
        Interlocked.Increment(ref calls.Started);
        return new CallTiming(calls, Stopwatch.GetTimestamp());
    }

    public void End(in CallTiming call, StatusCode status)
    {
        var ticks = Stopwatch.GetTimestamp() - call.StartTimestamp;
        var index = (uint)status < Statuses ? (int)status : (int)StatusCode.Unknown;
        var calls = call.Calls;
        Interlocked.Add(ref calls.Ticks[index], ticks);
        // Last: a scrape sees a call as ended (Ended) only once its time is in, and as active until then.
        Interlocked.Increment(ref calls.Ended[index]);
        _duration?.Record(ticks * SecondsPerTick, calls.Tags(index));
    }

    /// <summary>The status a unary call whose handler returned ends with: the one it set (OK unless it set another), or
    /// DEADLINE_EXCEEDED once its deadline has passed (Grpc.AspNetCore leaves the status OK then). A caller that left
    /// before the end is not looked for: that reads Kestrel's request-aborted token, a lock on every call (0.9% of the
    /// server's CPU per RecordTransaction in a profile, bench/ops/metrics_profile.sh), for a rare case.</summary>
    public static StatusCode StatusOfUnary(ServerCallContext context) =>
        context.Status.StatusCode == StatusCode.OK && context.Deadline != DateTime.MaxValue && context.Deadline <= DateTime.UtcNow
            ? StatusCode.DeadlineExceeded
            : context.Status.StatusCode;

    /// <summary>The status a stream whose handler returned ends with: the one it set; but a handler that stops when
    /// its caller leaves or its deadline passes (WatchChanges) returns too, and its caller got CANCELLED or
    /// DEADLINE_EXCEEDED, not OK.</summary>
    public static StatusCode StatusOfStream(ServerCallContext context) =>
        context.Status.StatusCode != StatusCode.OK || !context.CancellationToken.IsCancellationRequested ? context.Status.StatusCode
        : Interrupted(context);

    /// <summary>The status a call that threw ends with, as Grpc.AspNetCore answers it: an RpcException's own; a
    /// cancellation after the caller left or its deadline passed, CANCELLED or DEADLINE_EXCEEDED; anything else UNKNOWN.</summary>
    public static StatusCode StatusOf(Exception exception, ServerCallContext context) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => Interrupted(context),
        _ => StatusCode.Unknown,
    };

    private static StatusCode Interrupted(ServerCallContext context) =>
        context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;

    private IEnumerable<Measurement<T>> Observe<T>(Func<MethodCalls, int, T> value) where T : struct
    {
        foreach (var calls in _methods.Values)
        {
            for (var status = 0; status < Statuses; status++)
            {
                if (Interlocked.Read(ref calls.Ended[status]) > 0) yield return new Measurement<T>(value(calls, status), calls.Tags(status));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveActive()
    {
        foreach (var calls in _methods.Values)
        {
            long ended = 0;
            for (var status = 0; status < Statuses; status++)
            {
                ended += Interlocked.Read(ref calls.Ended[status]);
            }

            yield return new Measurement<long>(Interlocked.Read(ref calls.Started) - ended, calls.MethodTags);
        }
    }

    /// <summary>One method's counts; its tag sets made once, so neither a call nor a scrape builds them.</summary>
    internal sealed class MethodCalls
    {
        public long Started;
        public readonly long[] Ended = new long[Statuses];
        public readonly long[] Ticks = new long[Statuses];
        public readonly KeyValuePair<string, object?>[] MethodTags;
        private readonly KeyValuePair<string, object?>[][] _statusTags = new KeyValuePair<string, object?>[Statuses][];

        public MethodCalls(string path)
        {
            // "/ledger.v1.CustomerLedger/RecordTransaction": service, then method.
            var slash = path.LastIndexOf('/');
            MethodTags = [new("rpc.service", path[1..Math.Max(1, slash)]), new("rpc.method", path[(slash + 1)..])];
            for (var status = 0; status < Statuses; status++)
            {
                _statusTags[status] = [.. MethodTags, new("rpc.grpc.status_code", status)];
            }
        }

        public KeyValuePair<string, object?>[] Tags(int status) => _statusTags[status];
    }
}

/// <summary>A call being timed: its method's counts and when it began.</summary>
public readonly struct CallTiming
{
    internal CallTiming(GrpcCallMetrics.MethodCalls calls, long startTimestamp) => (Calls, StartTimestamp) = (calls, startTimestamp);

    internal GrpcCallMetrics.MethodCalls Calls { get; }

    internal long StartTimestamp { get; }
}
