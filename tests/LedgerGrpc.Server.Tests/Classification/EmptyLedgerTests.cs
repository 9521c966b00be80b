using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>A new server has no customers yet: whole-ledger work must still answer (nothing to split across cores).</summary>
public sealed class EmptyLedgerTests
{
    [Fact]
    public async Task Preview_publish_and_sweep_work_on_a_ledger_without_customers()
    {
        await using var server = await TestServerHost.StartAsync();
        var engine = server.Services.GetRequiredService<ClassificationEngine>();
        var workflows = server.Services.GetRequiredService<WorkflowManager>();
        var (name, json) = DefaultWorkflows.Load().First(w => w.Name == "value_tier");

        var preview = workflows.Preview(json, samplesPerMove: 3);
        Assert.Equal(0, preview.Customers);
        Assert.Empty(preview.Moves);

        var current = engine.Snapshot.Find(name)!.Version;
        var (version, job, _) = await workflows.PublishAsync(json, "no change", current, "test", CancellationToken.None);
        await job.Completion.Task;
        Assert.Equal(current + 1, version.Version);
        Assert.Equal(0, job.Changed);

        var sweep = await engine.SweepAsync();
        await sweep.Completion.Task;
        Assert.Equal(0, sweep.Total);
    }
}
