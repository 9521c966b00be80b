using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Operations;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>Prometheus scrapes the server's metrics over HTTP on their own port.</summary>
/// <remarks>
/// Runs alone: ClassificationTelemetry's gauges read a static engine (the last one started in the process), so a
/// server another test class starts meanwhile made classification_customers read that server's 0 customers.
/// </remarks>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    private const string RecordTransaction = "rpc_method=\"RecordTransaction\"";

    [Fact]
    public async Task Prometheus_scrape_on_its_own_port_shows_grpc_kestrel_writer_and_classification_metrics()
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Operations:MetricsUrls"] = "http://127.0.0.1:0" });
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var customer = await LedgerEndToEndTests.Create(ledger, "m-1");
        for (var i = 0; i < 3; i++)
        {
            await LedgerEndToEndTests.Record(ledger, customer.Id, 1_000 + i, "CNY");
        }

        var text = await ScrapeAsync(server);

        Assert.Contains(Sample(text, "ledger_writer_commands_committed_total", "command=\"RecordTransaction\""), v => v >= 3);
        Assert.Contains(Sample(text, "ledger_writer_batch_size_count", ""), v => v >= 1);
        // Observed from the writer when scraped (nothing queued now).
        Assert.Equal([0], Sample(text, "ledger_writer_queue_depth", ""));
        Assert.Contains(Sample(text, "ledger_writer_commit_duration_seconds_count", ""), v => v >= 1);
        Assert.Contains(Sample(text, "classification_customers", ""), v => v == 1);
        Assert.Contains(Sample(text, "classification_ready", ""), v => v == 1);
        Assert.Contains(Sample(text, "classification_segment_changes_total", ""), v => v >= 1);
        // gRPC calls by method and status, the time they took, and Kestrel's connections.
        Assert.Equal([3], Sample(text, "rpc_server_calls_total", RecordTransaction, "rpc_grpc_status_code=\"0\""));
        Assert.Contains(Sample(text, "rpc_server_calls_duration_seconds_total", RecordTransaction, "rpc_grpc_status_code=\"0\""), v => v > 0);
        Assert.Equal([0], Sample(text, "rpc_server_calls_active", RecordTransaction));
        Assert.Contains("kestrel_active_connections", text);
        // The latency histogram is opt-in (Operations:CallDurationHistogram).
        Assert.DoesNotContain("rpc_server_call_duration", text, StringComparison.Ordinal);
        // Per-request instruments the server leaves out (their cost per call; see OperationsServiceExtensions).
        Assert.DoesNotContain("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_active_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kestrel_queued_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool_rented", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool_pooled", text, StringComparison.Ordinal);
        Assert.Contains(Sample(text, "aspnetcore_memory_pool_allocated_bytes_total", ""), v => v > 0);
        // ASP.NET Core's meters without OpenTelemetry's per-request middleware (it tags HTTP 5xx, which gRPC never answers).
        Assert.DoesNotContain(server.Services.GetServices<Microsoft.AspNetCore.Hosting.IStartupFilter>(), f => f.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Instruments_named_in_Operations_DroppedInstruments_are_left_out_and_the_rest_kept()
    {
        var text = await ScrapeAfterOneSaleAsync("kestrel.active_connections; ledger.writer.batch.size");
        Assert.DoesNotContain("kestrel_active_connections", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ledger_writer_batch_size", text, StringComparison.Ordinal);
        Assert.Equal([1], Sample(text, "rpc_server_calls_total", RecordTransaction));
        Assert.Contains(Sample(text, "ledger_writer_commands_committed_total", "command=\"RecordTransaction\""), v => v >= 1);
    }

    [Fact]
    public async Task Calls_are_counted_by_grpc_method_and_status_refusals_by_reason_and_open_streams_as_active()
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Operations:MetricsUrls"] = "http://127.0.0.1:0" });
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var customer = await LedgerEndToEndTests.Create(ledger, "m-3");
        await LedgerEndToEndTests.Record(ledger, customer.Id, 1_000, "CNY");
        await LedgerEndToEndTests.Record(ledger, customer.Id, 2_000, "CNY");
        // Refused by the handler (no such customer), by validation, and by authentication (a trailers-only answer from
        // the security middleware, before any gRPC handler runs).
        var notFound = await Assert.ThrowsAsync<RpcException>(() => LedgerEndToEndTests.Record(ledger, 999_999, 1_000, "CNY"));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => LedgerEndToEndTests.Record(ledger, customer.Id, -5, "CNY"));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var keyless = new CustomerLedger.CustomerLedgerClient(server.Connect(key: "lgk_not-a-key"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => LedgerEndToEndTests.Record(keyless, customer.Id, 1_000, "CNY"));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        // A stream held open is a call in flight: one that has delivered a change is surely open (it resumes after the
        // last change the stats saw, so the write below reaches it whenever the server registers it).
        var stats = await new LedgerGrpc.Protos.Ledger.V1.Operations.OperationsClient(server.Connect()).GetServerStatsAsync(new GetServerStatsRequest());
        using var watch = new Segments.SegmentsClient(server.Connect())
            .WatchChanges(new WatchChangesRequest { AfterSequence = stats.Classification.LastChangeSequence });
        await LedgerEndToEndTests.Record(ledger, customer.Id, 3_000, "CNY");
        Assert.True(await watch.ResponseStream.MoveNext());
        var text = await ScrapeAsync(server);

        double Calls(string status) => Sample(text, "rpc_server_calls_total", RecordTransaction, $"rpc_grpc_status_code=\"{status}\"").Sum();
        Assert.Equal(3, Calls("0"));
        Assert.Equal(1, Calls("5"));
        Assert.Equal(1, Calls("3"));
        Assert.Contains("rpc_service=\"ledger.v1.CustomerLedger\"", Assert.Single(Lines(text, "rpc_server_calls_total", "rpc_method=\"CreateCustomer\"")), StringComparison.Ordinal);
        // Refused before gRPC: counted by access control, by reason, not as a RecordTransaction call.
        Assert.Equal(0, Calls("16"));
        Assert.Equal([1], Sample(text, "access_calls_refused_total", "reason=\"bad credentials\""));
        Assert.Equal([1], Sample(text, "rpc_server_calls_active", "rpc_method=\"WatchChanges\""));
        Assert.Equal([0], Sample(text, "rpc_server_calls_active", RecordTransaction));
    }

    [Fact]
    public async Task Streams_ended_by_their_deadline_or_by_their_caller_are_counted_as_DEADLINE_EXCEEDED_and_CANCELLED()
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Operations:MetricsUrls"] = "http://127.0.0.1:0" });
        var segments = new Segments.SegmentsClient(server.Connect());
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var customer = await LedgerEndToEndTests.Create(ledger, "m-5");

        // WatchChanges returns quietly when its caller leaves or its deadline passes: not an OK call.
        using (var expiring = segments.WatchChanges(new WatchChangesRequest(), deadline: DateTime.UtcNow.AddSeconds(2)))
        {
            var expired = await Assert.ThrowsAsync<RpcException>(async () => { while (await expiring.ResponseStream.MoveNext()) { } });
            Assert.Equal(StatusCode.DeadlineExceeded, expired.StatusCode);
        }

        using var leaving = new CancellationTokenSource();
        using (var left = segments.WatchChanges(new WatchChangesRequest(), cancellationToken: leaving.Token))
        {
            // Open on the server once it has delivered a change.
            await LedgerEndToEndTests.Record(ledger, customer.Id, 1_000, "CNY");
            Assert.True(await left.ResponseStream.MoveNext());
            await leaving.CancelAsync();
            var cancelled = await Assert.ThrowsAsync<RpcException>(async () => { while (await left.ResponseStream.MoveNext()) { } });
            Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        }

        const string watch = "rpc_method=\"WatchChanges\"";
        // The server counts a stream when its handler has stopped, which may be just after the caller got its status.
        var text = await ScrapeUntilAsync(server, t => Sample(t, "rpc_server_calls_active", watch).SequenceEqual([0]), "both streams ended on the server");
        Assert.Equal([1], Sample(text, "rpc_server_calls_total", watch, "rpc_grpc_status_code=\"4\""));
        Assert.Equal([1], Sample(text, "rpc_server_calls_total", watch, "rpc_grpc_status_code=\"1\""));
        Assert.Empty(Sample(text, "rpc_server_calls_total", watch, "rpc_grpc_status_code=\"0\""));
    }

    [Fact]
    public async Task With_CallDurationHistogram_each_call_s_latency_is_in_a_histogram_by_method_and_status()
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Operations:MetricsUrls"] = "http://127.0.0.1:0",
            ["Operations:CallDurationHistogram"] = "true",
        });
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var customer = await LedgerEndToEndTests.Create(ledger, "m-4");
        await LedgerEndToEndTests.Record(ledger, customer.Id, 1_000, "CNY");
        await LedgerEndToEndTests.Record(ledger, customer.Id, 2_000, "CNY");
        await Assert.ThrowsAsync<RpcException>(() => LedgerEndToEndTests.Record(ledger, 999_999, 1_000, "CNY"));
        var text = await ScrapeAsync(server);

        Assert.Equal([2], Sample(text, "rpc_server_call_duration_seconds_count", RecordTransaction, "rpc_grpc_status_code=\"0\""));
        Assert.Equal([1], Sample(text, "rpc_server_call_duration_seconds_count", RecordTransaction, "rpc_grpc_status_code=\"5\""));
        // Cumulative buckets from half a millisecond to ten seconds; every call is in the last.
        Assert.Single(Lines(text, "rpc_server_call_duration_seconds_bucket", RecordTransaction, "rpc_grpc_status_code=\"0\"", "le=\"0.0005\""));
        Assert.Equal([2], Sample(text, "rpc_server_call_duration_seconds_bucket", RecordTransaction, "rpc_grpc_status_code=\"0\"", "le=\"+Inf\""));
        Assert.Contains(Sample(text, "rpc_server_call_duration_seconds_sum", RecordTransaction, "rpc_grpc_status_code=\"0\""), v => v > 0);
    }

    /// <summary>The scrape of a server started with <paramref name="dropped"/> as Operations:DroppedInstruments, after one sale.</summary>
    private static async Task<string> ScrapeAfterOneSaleAsync(string dropped)
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Operations:MetricsUrls"] = "http://127.0.0.1:0",
            ["Operations:DroppedInstruments"] = dropped,
        });
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        await LedgerEndToEndTests.Record(ledger, (await LedgerEndToEndTests.Create(ledger, "m-dropped")).Id, 1_000, "CNY");
        return await ScrapeAsync(server);
    }

    /// <summary>GET /metrics on the server's own metrics port (not the gRPC one), as Prometheus scrapes it.</summary>
    private static async Task<string> ScrapeAsync(TestServerHost server)
    {
        var endpoint = server.Services.GetServices<IHostedService>().OfType<MetricsEndpoint>().Single();
        var address = Assert.Single(endpoint.Addresses);
        Assert.NotEqual(server.Address.Port, new Uri(address).Port);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(new Uri(address), "/metrics"));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds of the text (the server's own state changing, e.g. a
    /// stream's handler ending after its caller got the status); fails after 30 s. A poll, because nothing the server
    /// exposes marks the moment a handler has returned (the caller's status goes out first); the 50 ms between
    /// scrapes only spaces the polls, no assertion depends on it.</summary>
    private static async Task<string> ScrapeUntilAsync(TestServerHost server, Func<string, bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var text = await ScrapeAsync(server);
            if (condition(text)) return text;
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"waited 30 s for {what}; the last scrape:\n{text}");
            await Task.Delay(50);
        }
    }

    /// <summary>Values of the samples of <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/> (an empty string matches any)
    /// (text format: <c>name{labels} value [timestamp]</c>).</summary>
    private static List<double> Sample(string text, string metric, params string[] labels) =>
        [.. Lines(text, metric, labels)
            .Select(l => l[(l.LastIndexOf('}') is var close and >= 0 ? close + 1 : metric.Length)..].Trim().Split(' ')[0])
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The sample lines of <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/> (an empty string matches any).</summary>
    private static IEnumerable<string> Lines(string text, string metric, params string[] labels) =>
        text.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)));
}
