using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>Workflows calling expression helpers that misbehave (the RiskyHelpers test plugin: <c>Risky.Hang</c> never
/// returns, <c>Risky.Spin</c> spins, <c>Risky.Boom</c> throws, each only for customers marked "helper") against a real
/// ledger and engine: ledger writes keep committing, the plugin is quarantined naming the helper, and the workflow can be
/// fixed or deleted afterwards. Completion signals only: each write is awaited, quarantines come as host events.</summary>
public sealed class HelperGuardTests
{
    private const string Plugin = "RiskyHelpers";

    /// <summary>RiskyHelpers' <c>Risky.StallOnce</c> (the test does not reference the plugin's assembly).</summary>
    private const string StallOnce = "RiskyHelpers.StallOnce";

    [Fact]
    public async Task A_helper_that_never_returns_on_a_ledger_write_is_abandoned_the_write_commits_and_the_workflow_can_be_fixed()
    {
        using var meter = new PluginMeter();
        var measured = meter.Measured;
        await using var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300), PluginBuilds.RiskyHelpers);
        var workflows = Manager(bed);
        var (v1, job, _) = await workflows.PublishAsync(Workflow("Hang"), "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;
        var plugin = bed.Engine.Snapshot.Plugins.Single();
        var customer = Many(bed);
        var quarantined = bed.WaitFor(Plugin, i => i.Status == PluginStatus.Quarantined);

        await bed.SetFault(customer, "helper");

        var info = await quarantined;
        Assert.Contains("Risky.Hang", info.Message);
        Assert.Contains("risky_points", info.Message);
        Assert.Contains("budget", info.Message);
        // The write committed; the customer keeps the segment it had in the workflow's dimension.
        Assert.Equal("helper", bed.Engine.State.Get(customer)!.Features.Attributes["plugin_fault"]);
        Assert.Equal("many", bed.Segment(customer, "risky_points"));
        Assert.Contains(measured, m => m is { Instrument: "classification.plugin.errors", Plugin: Plugin, Reason: "timeout" });

        // Later evaluations fail fast: the next writes for the same customer commit without calling into the plugin.
        var calls = plugin.Counters.Calls;
        for (var i = 0; i < 3; i++) await Sale(bed, customer);
        Assert.Equal(calls, plugin.Counters.Calls);
        Assert.Equal("many", bed.Segment(customer, "risky_points"));
        Assert.Contains(bed.Engine.State.Get(customer)!.Memberships, m => m.Dimension == "value_tier");
        var explain = Assert.Throws<ClassificationException>(() => bed.Engine.Snapshot.Find("risky_points")!.Explain(bed.Engine.State.Get(customer)!.Features));
        Assert.Equal(ClassificationError.FailedPrecondition, explain.Error);
        Assert.Contains("quarantined", explain.Message);

        // Fixed: a version without the helper is in force and classifies the customer again.
        var (_, fixedJob, _) = await workflows.PublishAsync(Workflow(null), "no helper", v1.Version, "tester", CancellationToken.None);
        await fixedJob.Completion.Task;
        Assert.Null(((CompiledDimension)bed.Engine.Snapshot.Find("risky_points")!).Guard);
        await Sale(bed, customer);
        Assert.Equal("many", bed.Segment(customer, "risky_points"));
        Assert.All(bed.Active, e => Assert.Equal(e.Features.OrderCount >= 5 ? "many" : "few", bed.Segment(e.CustomerId, "risky_points")));
    }

    [Fact]
    public async Task A_helper_that_spins_on_a_ledger_write_is_abandoned_the_write_commits_and_the_workflow_can_be_deleted()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300), PluginBuilds.RiskyHelpers);
        try
        {
            var workflows = Manager(bed);
            var (v1, job, _) = await workflows.PublishAsync(Workflow("Spin"), "points", 0, "tester", CancellationToken.None);
            await job.Completion.Task;
            var customer = Many(bed);
            var quarantined = bed.WaitFor(Plugin, i => i.Status == PluginStatus.Quarantined);

            await bed.SetFault(customer, "helper");

            var info = await quarantined;
            Assert.Contains("Risky.Spin", info.Message);
            Assert.Contains("abandoned", info.Message);
            Assert.Equal("many", bed.Segment(customer, "risky_points"));
            await Sale(bed, customer);
            Assert.Equal("helper", bed.Engine.State.Get(customer)!.Features.Attributes["plugin_fault"]);

            // Deleted: its memberships end and the writes go on.
            await (await workflows.DeleteAsync("risky_points", "broken helper", v1.Version, "tester", CancellationToken.None)).Completion.Task;
            Assert.Null(bed.Engine.Snapshot.Find("risky_points"));
            Assert.All(bed.Active, e => Assert.Null(bed.Segment(e.CustomerId, "risky_points")));
            await Sale(bed, customer);
        }
        finally
        {
            // The abandoned thread is still spinning (threads cannot be stopped): let it go.
            AppContext.SetData("RiskyHelpers.ReleaseSpinners", true);
        }
    }

    [Fact]
    public async Task A_helper_that_throws_counts_against_the_plugins_error_rate_until_it_is_quarantined_naming_the_helper()
    {
        using var meter = new PluginMeter();
        var measured = meter.Measured;
        await using var bed = await PluginTestBed.StartAsync(o => o.ErrorWindow = 10, PluginBuilds.RiskyHelpers);
        var workflows = Manager(bed);
        var (v1, job, _) = await workflows.PublishAsync(Workflow("Boom"), "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;
        var customers = bed.Active.Where(e => e.Features.OrderCount >= 5).Select(e => e.CustomerId).Order().Take(12).ToList();
        Assert.Equal(12, customers.Count);
        var quarantined = bed.WaitFor(Plugin, i => i.Status == PluginStatus.Quarantined);

        foreach (var id in customers) await bed.SetFault(id, "helper");

        var info = await quarantined;
        Assert.Contains("error rate", info.Message);
        Assert.Contains("Risky.Boom", info.Message);
        Assert.Contains("InvalidOperationException", info.Message);
        Assert.Contains(measured, m => m is { Instrument: "classification.plugin.errors", Plugin: Plugin, Reason: "customer" });
        // Before the quarantine the failing rule let the customer fall to the default segment (as any rule that
        // throws does); after it, customers keep their segments.
        Assert.Equal("few", bed.Segment(customers[0], "risky_points"));
        Assert.Equal("many", bed.Segment(customers[^1], "risky_points"));
        Assert.All(customers, id => Assert.Equal("helper", bed.Engine.State.Get(id)!.Features.Attributes["plugin_fault"]));

        var (_, fixedJob, _) = await workflows.PublishAsync(Workflow(null), "no helper", v1.Version, "tester", CancellationToken.None);
        await fixedJob.Completion.Task;
        Assert.All(customers, id => Assert.Equal("many", bed.Segment(id, "risky_points")));
    }

    [Fact]
    public async Task A_helper_that_allocates_over_the_plugins_budget_on_a_ledger_write_quarantines_the_plugin()
    {
        using var meter = new PluginMeter();
        await using var bed = await PluginTestBed.StartAsync(o => o.MaxBytesPerCustomer = 1 << 20, PluginBuilds.RiskyHelpers);
        var (_, job, _) = await Manager(bed).PublishAsync(Workflow("Hog"), "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;
        var customer = Many(bed);

        await bed.SetFault(customer, "helper");

        var info = bed.Host.Get(Plugin);
        Assert.Equal(PluginStatus.Quarantined, info.Status);
        Assert.Contains("Risky.Hog", info.Message);
        Assert.Contains("KiB", info.Message);
        Assert.Contains(meter.Measured, m => m is { Instrument: "classification.plugin.errors", Plugin: Plugin, Reason: "allocation" });
        Assert.Equal("many", bed.Segment(customer, "risky_points"));
        await Sale(bed, customer);
    }

    [Fact]
    public async Task A_helper_that_handles_its_own_exceptions_is_not_counted_as_failing()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.ErrorWindow = 10, PluginBuilds.RiskyHelpers);
        var (_, job, _) = await Manager(bed).PublishAsync(Workflow("Careful"), "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;
        var plugin = bed.Engine.Snapshot.Plugins.Single();
        var customers = bed.Active.Where(e => e.Features.OrderCount >= 5).Select(e => e.CustomerId).Order().Take(12).ToList();

        foreach (var id in customers) await bed.SetFault(id, "helper");

        Assert.Equal(PluginStatus.Loaded, bed.Host.Get(Plugin).Status);
        Assert.Equal(0L, plugin.Counters.Errors);
        Assert.All(customers, id => Assert.Equal("many", bed.Segment(id, "risky_points")));
    }

    [Fact]
    public async Task A_helper_that_never_returns_in_the_publish_dry_run_refuses_the_publish_naming_the_helper()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300), PluginBuilds.RiskyHelpers);
        var customer = Many(bed);
        await bed.SetFault(customer, "helper");

        var refused = await Assert.ThrowsAsync<ClassificationException>(() => Manager(bed).PublishAsync(Workflow("Hang"), "points", 0, "tester", CancellationToken.None));

        Assert.Equal(ClassificationError.FailedPrecondition, refused.Error);
        Assert.Contains("Risky.Hang", refused.Message);
        Assert.Contains("quarantined", refused.Message);
        Assert.Null(bed.Engine.Snapshot.Find("risky_points"));
        Assert.Equal(["0"], bed.Rows("SELECT COUNT(*) FROM cls_workflow_versions WHERE Name = 'risky_points'"));
        Assert.Equal(PluginStatus.Quarantined, bed.Host.Get(Plugin).Status);
        await Sale(bed, customer);
    }

    [Fact]
    public async Task A_publish_dry_run_slowed_once_by_something_besides_the_rules_is_measured_again_and_the_workflow_published()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromSeconds(5), PluginBuilds.RiskyHelpers);
        // A sample of five (a budget of 5 ms of CPU in all at 1 ms per customer); the dry run evaluates its first
        // customer once untimed, so the stall goes on the second, inside the timed loop.
        var workflows = new WorkflowManager(bed.Engine, new ClassificationOptions { PublishSampleSize = 5 });
        var stalled = DraftDryRun.Sample(bed.Engine.State.Entries, 5)[1].CustomerId;
        await bed.SetFault(stalled, "stall");
        Assert.Equal(stalled, DraftDryRun.Sample(bed.Engine.State.Entries, 5)[1].CustomerId);
        AppContext.SetData(StallOnce, true);
        try
        {
            var (record, job, report) = await workflows.PublishAsync(Workflow("Stall"), "points", 0, "tester", CancellationToken.None);
            await job.Completion.Task;

            // The stall happened (in the first measurement), and the one that counted is the second's.
            Assert.Equal(false, AppContext.GetData(StallOnce));
            Assert.Equal(5, report.Customers);
            Assert.InRange(report.CostMicrosPerCustomer, 0, report.BudgetMicros);
            Assert.Equal(1, record.Version);
            Assert.IsType<CompiledDimension>(bed.Engine.Snapshot.Find("risky_points"));
        }
        finally
        {
            AppContext.SetData(StallOnce, false);
        }
    }

    [Fact]
    public async Task A_helper_that_never_returns_in_a_full_reclassification_is_abandoned_and_the_job_completes()
    {
        await using var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300), PluginBuilds.RiskyHelpers);
        // The dry run samples the first customer only; the re-classification that follows meets the marked one.
        var workflows = new WorkflowManager(bed.Engine, new ClassificationOptions { PublishSampleSize = 1 });
        var customer = bed.Active.Select(e => e.CustomerId).Order().Skip(10).First();
        await bed.SetFault(customer, "helper");

        var (_, job, _) = await workflows.PublishAsync(Workflow("Hang"), "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;

        var info = bed.Host.Get(Plugin);
        Assert.Equal(PluginStatus.Quarantined, info.Status);
        Assert.Contains("Risky.Hang", info.Message);
        // The abandoned range was computed again without calling the helpers: nobody got a segment from it.
        Assert.All(bed.Active, e => Assert.Null(bed.Segment(e.CustomerId, "risky_points")));
        // A quarantined plugin's helpers are not offered to new drafts: testing the workflow says why.
        var (diagnostics, draft, _, _) = workflows.Test(Workflow("Hang"), bed.Engine.State.Get(customer)!.Features);
        Assert.Null(draft);
        Assert.Contains(diagnostics, d => d.IsError && d.Message.Contains("plugin RiskyHelpers, which is quarantined", StringComparison.Ordinal));
        await Sale(bed, customer);
    }

    [Fact]
    public async Task A_restart_with_a_helper_that_never_returns_for_a_stored_customer_starts_serving_and_quarantines_the_plugin()
    {
        var bed = await PluginTestBed.StartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300), PluginBuilds.RiskyHelpers);
        try
        {
            var (_, job, _) = await Manager(bed).PublishAsync(Workflow("Hang"), "points", 0, "tester", CancellationToken.None);
            await job.Completion.Task;
            var customer = Many(bed);
            await bed.SetFault(customer, "helper");
            Assert.Equal(PluginStatus.Quarantined, bed.Host.Get(Plugin).Status);

            // The restart loads the plugin afresh (a quarantine lasts for one load) and binds the workflow to it again;
            // whichever evaluation meets the marked customer first (the start-up sweep, or the write below) is
            // abandoned, and the engine starts and the write commits anyway.
            bed = await bed.RestartAsync(o => o.CallBudget = TimeSpan.FromMilliseconds(300));
            Assert.IsType<CompiledDimension>(bed.Engine.Snapshot.Find("risky_points"));
            await Sale(bed, customer);

            var info = await bed.WaitFor(Plugin, i => i.Status == PluginStatus.Quarantined);
            Assert.Contains("Risky.Hang", info.Message);
            Assert.Equal("many", bed.Segment(customer, "risky_points"));
        }
        finally
        {
            await bed.DisposeAsync();
        }
    }

    // Many(5+ orders) or few; the fixed version computes the same without a helper.
    private static string Workflow(string? helper) => $$"""
        { "WorkflowName": "risky_points", "DisplayName": "Risky points", "ClassificationMode": "FirstMatch", "DefaultSegment": "few",
          "Segments": { "many": "Many", "few": "Few" },
          "Rules": [ { "RuleName": "Many", "SuccessEvent": "many", "Expression": "{{(helper is null ? "customer.OrderCount" : $"Risky.{helper}(customer)")}} >= 5" } ] }
        """;

    private static long Many(PluginTestBed bed) =>
        bed.Active.Where(e => bed.Segment(e.CustomerId, "risky_points") is "many" or null && e.Features.OrderCount >= 5).Select(e => e.CustomerId).Order().First();

    private static Task Sale(PluginTestBed bed, long customer) =>
        bed.Run(new RecordTransaction { CustomerId = customer, Kind = TransactionKind.Sale, AmountMinor = 1_000, Currency = "CNY", Quantity = 1, OccurredAt = bed.Clock.GetUtcNow().UtcDateTime });

    private static WorkflowManager Manager(PluginTestBed bed) => new(bed.Engine, new ClassificationOptions());
}
