using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>Workflows calling a plugin's expression helpers (the Tier test plugin's <c>TierMath.Points</c>: one point
/// per order in build 1, ten in build 2) against a real ledger and real plugin builds.</summary>
public sealed class ExpressionHelperTests
{
    private const string PointsWorkflow = """
        { "WorkflowName": "tier_points", "DisplayName": "Tier points", "ClassificationMode": "FirstMatch", "DefaultSegment": "few",
          "Segments": { "many": "Many", "few": "Few" },
          "Rules": [ { "RuleName": "Many", "SuccessEvent": "many", "Expression": "TierMath.Points(customer) >= 10" } ] }
        """;

    [Fact]
    public async Task A_workflow_calls_a_plugin_helper_and_reloads_rebind_it_to_the_new_build_while_the_old_one_is_collected()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        var workflows = Manager(bed);
        var (_, job, _) = await workflows.PublishAsync(PointsWorkflow, "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;
        // Build 1: ten orders make "many". Some customers must move when build 2 counts ten points per order.
        Assert.All(bed.Active, e => Assert.Equal(e.Features.OrderCount >= 10 ? "many" : "few", bed.Segment(e.CustomerId, "tier_points")));
        Assert.Contains(bed.Active, e => e.Features.OrderCount is > 0 and < 10);
        Assert.Contains("TierMath.Points(ICustomerFeatures) → Int32", bed.Host.Get("Tier").Helpers);

        // The same build again: a new load context with the same assembly identity; the workflow must follow it.
        var first = bed.Engine.Snapshot.Plugins.Single();
        await bed.Host.ReloadAsync("Tier", CancellationToken.None);
        Assert.NotSame(first, Bound(bed));
        await bed.WaitFor("Tier", i => i.Status == PluginStatus.Loaded && !first.LoadContext.IsAlive);

        var second = bed.Engine.Snapshot.Plugins.Single();
        PluginBuilds.TierV2.InstallInto(bed.PluginsDir);
        await bed.Host.ScanAsync(CancellationToken.None);

        Assert.Equal("2.0.0.0", bed.Host.Get("Tier").Version);
        Assert.Equal(new Version(2, 0, 0, 0), Bound(bed).Version);
        Assert.All(bed.Active, e => Assert.Equal(e.Features.OrderCount >= 1 ? "many" : "few", bed.Segment(e.CustomerId, "tier_points")));
        await bed.WaitFor("Tier", i => i.Status == PluginStatus.Loaded && !second.LoadContext.IsAlive);
    }

    [Fact]
    public async Task A_plugin_whose_helpers_a_workflow_calls_cannot_be_disabled_until_the_workflow_is_deleted()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        var workflows = Manager(bed);
        var (version, job, _) = await workflows.PublishAsync(PointsWorkflow, "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;

        var refused = await Assert.ThrowsAsync<ClassificationException>(() => bed.Host.DisableAsync("Tier", "ops", CancellationToken.None));

        Assert.Equal(ClassificationError.FailedPrecondition, refused.Error);
        Assert.Contains("tier_points", refused.Message);
        Assert.Contains("TierMath", refused.Message);
        Assert.Equal(PluginStatus.Loaded, bed.Host.Get("Tier").Status);
        Assert.NotNull(bed.Engine.Snapshot.Find("tier_test"));

        await (await workflows.DeleteAsync("tier_points", "no longer needed", version.Version, "tester", CancellationToken.None)).Completion.Task;
        var disabled = await bed.Host.DisableAsync("Tier", "ops", CancellationToken.None);
        Assert.Equal(PluginStatus.Disabled, disabled.Status);
    }

    [Fact]
    public async Task Publishing_a_workflow_that_calls_a_helper_of_a_disabled_plugin_is_refused_naming_the_plugin()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        await bed.Host.DisableAsync("Tier", "ops", CancellationToken.None);
        var workflows = Manager(bed);

        var refused = await Assert.ThrowsAsync<ClassificationException>(() => workflows.PublishAsync(PointsWorkflow, "points", 0, "tester", CancellationToken.None));

        Assert.Equal(ClassificationError.InvalidArgument, refused.Error);
        Assert.Contains("Unknown identifier 'TierMath'", refused.Message);
        Assert.Contains("expression helper of plugin Tier, which is disabled", refused.Message);
        Assert.Null(bed.Engine.Snapshot.Find("tier_points"));
        Assert.Equal(["0"], bed.Rows("SELECT COUNT(*) FROM cls_workflow_versions WHERE Name = 'tier_points'"));
        // Validation says the same without publishing.
        var (diagnostics, _) = workflows.Validate(PointsWorkflow);
        Assert.Contains(diagnostics, d => d.IsError && d.Message.Contains("plugin Tier, which is disabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_helper_that_hands_out_a_file_system_object_is_refused_by_the_expression_sandbox()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        var workflows = Manager(bed);
        var json = PointsWorkflow.Replace("TierMath.Points(customer) >= 10", "TierMath.Folder().Name == \\\"x\\\"", StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<ClassificationException>(() => workflows.PublishAsync(json, "folder", 0, "tester", CancellationToken.None));

        Assert.Contains("System.IO.DirectoryInfo", refused.Message);
        Assert.Contains("not allowed in rule expressions", refused.Message);
        Assert.Null(bed.Engine.Snapshot.Find("tier_points"));
    }

    [Fact]
    public async Task A_plugin_cannot_offer_a_framework_type_as_an_expression_helper()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.ForeignHelper);

        var info = bed.Host.Get("ForeignHelper");

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("System.IO.File", info.Message);
        Assert.Contains("plugin's own assembly", info.Message);
        Assert.Null(bed.Engine.Snapshot.Find("foreign_test"));
    }

    [Fact]
    public async Task A_restart_keeps_a_workflow_that_calls_helpers_in_force_with_its_memberships_and_no_new_history()
    {
        var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        try
        {
            var (_, job, _) = await Manager(bed).PublishAsync(PointsWorkflow, "points", 0, "tester", CancellationToken.None);
            await job.Completion.Task;
            var before = bed.Rows("SELECT CustomerId || '|' || Segment || '|' || SinceUnixMs FROM cls_memberships WHERE Dimension = 'tier_points' ORDER BY 1");
            var changes = bed.Rows("SELECT COUNT(*) FROM cls_segment_changes WHERE Dimension = 'tier_points'");
            Assert.Equal(PluginTestBed.Customers, before.Count);

            bed = await bed.RestartAsync();

            Assert.IsType<CompiledDimension>(bed.Engine.Snapshot.Find("tier_points"));
            Assert.Equal(before, bed.Rows("SELECT CustomerId || '|' || Segment || '|' || SinceUnixMs FROM cls_memberships WHERE Dimension = 'tier_points' ORDER BY 1"));
            Assert.Equal(changes, bed.Rows("SELECT COUNT(*) FROM cls_segment_changes WHERE Dimension = 'tier_points'"));
        }
        finally
        {
            await bed.DisposeAsync();
        }
    }

    [Fact]
    public async Task Removing_the_folder_leaves_a_calling_workflow_bound_and_the_status_names_it_as_what_holds_the_old_build()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        var (_, job, _) = await Manager(bed).PublishAsync(PointsWorkflow, "points", 0, "tester", CancellationToken.None);
        await job.Completion.Task;

        Directory.Delete(Path.Combine(bed.PluginsDir, "Tier"), recursive: true);
        await bed.Host.ScanAsync(CancellationToken.None);

        Assert.Null(bed.Engine.Snapshot.Find("tier_test"));
        Assert.All(bed.Active, e => Assert.Equal(e.Features.OrderCount >= 10 ? "many" : "few", bed.Segment(e.CustomerId, "tier_points")));
        var pending = await bed.WaitFor("Tier", i => i.Status == PluginStatus.UnloadPending);
        Assert.Contains("workflow(s) tier_points still call its expression helpers", pending.Message);
    }

    private static WorkflowManager Manager(PluginTestBed bed) => new(bed.Engine, new ClassificationOptions());

    private static LoadedPlugin Bound(PluginTestBed bed) => ((CompiledDimension)bed.Engine.Snapshot.Find("tier_points")!).HelperPlugins.Single();
}
