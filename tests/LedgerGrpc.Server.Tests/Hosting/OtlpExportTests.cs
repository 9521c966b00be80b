using System.Text;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>With Operations:OtlpEndpoint set, traces and metrics reach an OTLP/gRPC receiver.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_of_each_rpc_write_and_commit_and_the_ledgers_metrics_reach_an_otlp_receiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using (var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Operations:OtlpEndpoint"] = receiver.Address.ToString() }))
        {
            var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
            var customer = await LedgerEndToEndTests.Create(ledger, "otlp-1");
            await LedgerEndToEndTests.Record(ledger, customer.Id, 1_000, "CNY");
        }

        // Stopping the server flushes both exporters: no waiting for their periods.
        var traces = Text(receiver, OtlpReceiver.Traces);
        var metrics = Text(receiver, OtlpReceiver.Metrics);
        Assert.Contains("ledgergrpc", traces, StringComparison.Ordinal);
        Assert.Contains("ledger.write RecordTransaction", traces, StringComparison.Ordinal);
        Assert.Contains("ledger.commit", traces, StringComparison.Ordinal);
        Assert.Contains("/ledger.v1.CustomerLedger/RecordTransaction", traces, StringComparison.Ordinal);
        Assert.Contains("ledger.writer.commands.committed", metrics, StringComparison.Ordinal);
        Assert.Contains("rpc.server.calls", metrics, StringComparison.Ordinal);
    }

    /// <summary>Every payload the receiver got for <paramref name="service"/>, as text: names and attribute values are
    /// UTF-8 strings inside the protobuf messages.</summary>
    private static string Text(OtlpReceiver receiver, string service) =>
        string.Join("\n", receiver.Requests.Where(r => r.Service == service).Select(r => Encoding.UTF8.GetString(r.Payload)));
}
