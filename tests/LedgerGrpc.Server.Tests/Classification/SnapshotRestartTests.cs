using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>A clean stop writes the classification snapshot; the next start serves Segments from it.</summary>
public sealed class SnapshotRestartTests
{
    [Fact]
    public async Task A_restart_after_a_clean_stop_starts_from_the_snapshot_and_classifies_as_before()
    {
        using var data = new TempDirectory("server-snapshot");
        var before = new Dictionary<long, string>();
        await using (var first = await TestServerHost.StartAsync(dataDir: data.Path))
        {
            var ledger = new CustomerLedger.CustomerLedgerClient(first.Connect());
            var segments = new Segments.SegmentsClient(first.Connect());
            for (var i = 0; i < 4; i++)
            {
                var id = (await LedgerEndToEndTests.Create(ledger, $"snap-{i}")).Id;
                await LedgerEndToEndTests.Record(ledger, id, 1_000 * (long)Math.Pow(100, i), "CNY");
                before[id] = Show(await segments.ClassifyAsync(new ClassifyRequest { CustomerId = id }));
            }

            Assert.Equal("ledger", first.Services.GetRequiredService<ClassificationEngine>().LoadedFrom);
        }

        Assert.True(File.Exists(Path.Combine(data.Path, StateSnapshotFile.FileName)));
        await using var second = await TestServerHost.StartAsync(dataDir: data.Path);
        Assert.Equal("snapshot", second.Services.GetRequiredService<ClassificationEngine>().LoadedFrom);
        var restarted = new Segments.SegmentsClient(second.Connect());
        // Every customer is served with every dimension (segments themselves are compared with a full load's in
        // Classification.Tests' StateSnapshotTests; here the start-up sweep may already be re-ranking them).
        foreach (var (id, shown) in before)
        {
            Assert.Equal(shown, Show(await restarted.ClassifyAsync(new ClassifyRequest { CustomerId = id })));
        }

        Assert.Equal(4, (await restarted.GetDistributionAsync(new GetDistributionRequest { Dimension = "value_tier" })).Dimensions[0].Segments.Sum(s => s.Customers));
    }

    private static string Show(ClassifyResponse response) =>
        string.Join(",", response.Assignments.Select(a => a.Dimension));
}
