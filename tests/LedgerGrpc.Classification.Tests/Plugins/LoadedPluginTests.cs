using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>Faults stay inside the plugin: customers get defaults or keep their segments, writes succeed.</summary>
public sealed class LoadedPluginTests
{
    [Fact]
    public async Task An_exception_for_one_customer_gives_it_the_default_segment_and_counts_one_error()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Throws);
        Assert.All(bed.Active, e => Assert.Equal("ok", bed.Segment(e.CustomerId, "throws_test")));
        var customer = bed.Active.First().CustomerId;

        await bed.SetFault(customer, "throw");

        Assert.Equal("fallback", bed.Segment(customer, "throws_test"));
        var info = bed.Host.Get("Throws");
        Assert.Equal(PluginStatus.Loaded, info.Status);
        Assert.Equal(1, info.Errors);
        Assert.Contains($"cannot classify customer {customer}", info.LastError);
        Assert.NotNull(info.LastErrorAt);
        Assert.Equal(["ok|fallback|Throws 1.0.0"], bed.Rows($"SELECT FromSegment || '|' || ToSegment || '|' || Rule FROM cls_segment_changes WHERE CustomerId = {customer} AND Dimension = 'throws_test' AND Cause = 'write'"));
    }

    [Fact]
    public async Task Plugin_calls_and_failed_customers_reach_the_operations_meter_by_plugin_and_reason()
    {
        // Other tests load the same plugin in parallel: this one asserts what its own fault must have added.
        using var meter = new PluginMeter();
        var measured = meter.Measured;
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Throws);
        Assert.Contains(measured, m => m is { Instrument: "classification.plugin.calls", Plugin: "Throws" });

        await bed.SetFault(bed.Active.First().CustomerId, "throw");

        Assert.Contains(measured, m => m is { Instrument: "classification.plugin.errors", Plugin: "Throws", Reason: "customer", Value: 1 });
    }

    [Fact]
    public async Task A_plugin_over_its_error_rate_is_quarantined_and_its_customers_keep_their_segments()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.ErrorWindow = 20, PluginBuilds.Throws);
        var customers = bed.Active.Select(e => e.CustomerId).Order().Take(30).ToList();
        var quarantined = bed.WaitFor("Throws", i => i.Status == PluginStatus.Quarantined);

        foreach (var id in customers) await bed.SetFault(id, "throw");

        var info = await quarantined;
        Assert.Contains("error rate", info.Message);
        // After the quarantine nobody moves in its dimension: the customers written later keep "ok".
        Assert.Equal("ok", bed.Segment(customers[^1], "throws_test"));
        Assert.True(bed.Active.Count(e => bed.Segment(e.CustomerId, "throws_test") == "fallback") <= 20);
        // Writes kept working and the ledger holds them all.
        Assert.Equal(customers.Count, customers.Count(id => bed.Engine.State.Get(id)!.Features.Attributes.GetValueOrDefault("plugin_fault") == "throw"));
    }

    [Fact]
    public async Task A_plugin_that_never_returns_is_abandoned_the_write_succeeds_and_the_plugin_is_quarantined()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300), PluginBuilds.Hangs);
        var customer = bed.Active.First().CustomerId;

        await bed.SetFault(customer, "hang");

        var info = bed.Host.Get("Hangs");
        Assert.Equal(PluginStatus.Quarantined, info.Status);
        Assert.Contains("budget and was abandoned", info.Message);
        Assert.Equal("hang", bed.Engine.State.Get(customer)!.Features.Attributes["plugin_fault"]);
        Assert.Equal("ok", bed.Segment(customer, "hangs_test"));
        // The writer is free: the next write goes through and is classified by the workflows as usual.
        await bed.Run(new RecordTransaction { CustomerId = customer, Kind = TransactionKind.Sale, AmountMinor = 12_345, Currency = "CNY", Quantity = 1, OccurredAt = bed.Clock.GetUtcNow().UtcDateTime });
        Assert.Contains(bed.Engine.State.Get(customer)!.Memberships, m => m.Dimension == "value_tier");
    }

    [Fact]
    public async Task A_plugin_that_never_returns_in_a_full_reclassification_is_abandoned_with_its_thread_and_the_job_still_completes()
    {
        // The dry run asks one customer (not the one that hangs); the re-classification that brings the plugin live
        // calls it inline on watched threads, and the customer with the fault blocks one of them.
        await using var bed = await PluginTestBed.StartAsync(o => (o.CallBudget, o.DryRunCustomers) = (TimeSpan.FromMilliseconds(300), 1));
        var customer = bed.Active.Skip(10).First().CustomerId;
        await bed.SetFault(customer, "hang");
        PluginBuilds.Hangs.InstallInto(bed.PluginsDir);

        await bed.Host.ScanAsync(CancellationToken.None);

        var info = bed.Host.Get("Hangs");
        Assert.Equal(PluginStatus.Quarantined, info.Status);
        Assert.Contains("budget and was abandoned", info.Message);
        // The abandoned range was computed again without the plugin: nobody got a segment from it.
        Assert.All(bed.Active, e => Assert.Null(bed.Segment(e.CustomerId, "hangs_test")));
        // The watchdog woke the blocked thread and it let go of the plugin: the load context is collected.
        var plugin = bed.Engine.Snapshot.Plugins.Single();
        await bed.WaitFor("Hangs", _ => !plugin.LoadContext.IsAlive);
        // The writer never waited on it.
        await bed.Run(new RecordTransaction { CustomerId = customer, Kind = TransactionKind.Sale, AmountMinor = 12_345, Currency = "CNY", Quantity = 1, OccurredAt = bed.Clock.GetUtcNow().UtcDateTime });
        Assert.Contains(bed.Engine.State.Get(customer)!.Memberships, m => m.Dimension == "value_tier");
    }

    [Fact]
    public async Task A_plugin_that_allocates_without_bound_is_quarantined_and_unloaded_with_its_memory()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.MaxBytesPerCustomer = 8 << 20, PluginBuilds.Allocates);
        var plugin = bed.Engine.Snapshot.Plugins.Single();
        var customer = bed.Active.First().CustomerId;

        await bed.SetFault(customer, "allocate");

        var info = bed.Host.Get("Allocates");
        Assert.Equal(PluginStatus.Quarantined, info.Status);
        Assert.Contains("MiB", info.Message);
        Assert.Equal("ok", bed.Segment(customer, "allocates_test"));
        // What it kept lives in its load context, which is collected once unloaded.
        await bed.WaitFor("Allocates", _ => !plugin.LoadContext.IsAlive);
    }
}
