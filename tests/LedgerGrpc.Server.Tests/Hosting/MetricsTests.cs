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
        // ASP.NET Core's request duration per gRPC method, and Kestrel's connections.
        Assert.Contains(Sample(text, "http_server_request_duration_seconds_count", "http_route=\"/ledger.v1.CustomerLedger/RecordTransaction\""), v => v >= 3);
        Assert.Contains("kestrel_active_connections", text);
        Assert.Contains(Sample(text, "http_server_active_requests", ""), v => v >= 0);
        // Per-request instruments the server leaves out (their cost per call; see OperationsServiceExtensions).
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
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Operations:MetricsUrls"] = "http://127.0.0.1:0",
            ["Operations:DroppedInstruments"] = "http.server.active_requests; ledger.writer.batch.size",
        });
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        await LedgerEndToEndTests.Record(ledger, (await LedgerEndToEndTests.Create(ledger, "m-2")).Id, 1_000, "CNY");

        var text = await ScrapeAsync(server);
        Assert.DoesNotContain("http_server_active_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ledger_writer_batch_size", text, StringComparison.Ordinal);
        Assert.Contains(Sample(text, "http_server_request_duration_seconds_count", "http_route=\"/ledger.v1.CustomerLedger/RecordTransaction\""), v => v >= 1);
        Assert.Contains(Sample(text, "ledger_writer_commands_committed_total", "command=\"RecordTransaction\""), v => v >= 1);
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

    /// <summary>Values of the samples of <paramref name="metric"/> whose labels contain <paramref name="label"/>
    /// (text format: <c>name{labels} value [timestamp]</c>).</summary>
    private static List<double> Sample(string text, string metric, string label) =>
        [.. text.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => label.Length == 0 || l.Contains(label, StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf('}') is var close and >= 0 ? close + 1 : metric.Length)..].Trim().Split(' ')[0])
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
}
