using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Classification.Tests.Engine;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>The plugin lifecycle against a real ledger: load, hot reload, removal, approval, disable, restart.</summary>
public sealed class PluginHostTests
{
    [Fact]
    public async Task A_new_build_replaces_the_running_one_everyone_moves_with_history_naming_the_plugin_and_the_old_context_is_collected()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        var bought = bed.Active.Where(e => e.Facts.Purchases.TotalMinor != 0 || e.Memberships.Any(m => m.Dimension == "tier_test" && m.Segment == "silver")).Select(e => e.CustomerId).ToList();
        Assert.NotEmpty(bought);
        Assert.All(bought, id => Assert.Equal("silver", bed.Segment(id, "tier_test")));
        var old = bed.Engine.Snapshot.Plugins.Single();
        Assert.Equal(new Version(1, 0, 0, 0), old.Version);

        PluginBuilds.TierV2.InstallInto(bed.PluginsDir);
        await bed.Host.ScanAsync(CancellationToken.None);

        var info = bed.Host.Get("Tier");
        Assert.Equal("2.0.0.0", info.Version);
        Assert.All(bought, id => Assert.Equal("gold", bed.Segment(id, "tier_test")));
        SegmentIndexOracle.AssertMatches(bed.Engine.State, ["tier_test"]);
        Assert.Equal(2_000_000, bed.Engine.Snapshot.Find("tier_test")!.Version);
        var history = bed.Rows($"SELECT Cause || '|' || FromSegment || '|' || ToSegment || '|' || Rule FROM cls_segment_changes WHERE Dimension = 'tier_test' AND CustomerId = {bought[0]} ORDER BY Sequence");
        Assert.Equal("plugin|silver|gold|Tier 2.0.0.0", history[^1]);
        await bed.WaitFor("Tier", i => i.Status == PluginStatus.Loaded && !old.LoadContext.IsAlive);
    }

    [Fact]
    public async Task A_hot_reload_stores_its_moves_in_steps_and_a_ledger_write_commits_between_two_of_them()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.TierV1);
        var bought = bed.Active.Where(e => bed.Segment(e.CustomerId, "tier_test") == "silver").Select(e => e.CustomerId).Order().ToList();
        Assert.True(bought.Count > 40, $"{bought.Count} customers bought");
        bed.Engine.Reclassifier.PluginCommitCustomers = 20;
        // The plan is stored in customer order: the last buyer moves in the last step.
        var last = bought[^1];
        var steps = 0;
        string? beforeWrite = null, afterWrite = null;
        bed.Engine.Reclassifier.PluginStepStored = async () =>
        {
            if (++steps != 1) return;
            // Between the first and the second step: the reload holds no lock, so the write goes through, and it is
            // classified by the new build (the snapshot switched with the first step).
            beforeWrite = bed.Segment(last, "tier_test");
            await bed.Run(new RecordTransaction { CustomerId = last, Kind = TransactionKind.Sale, AmountMinor = 5_000, Currency = "CNY", Quantity = 1, OccurredAt = bed.Clock.GetUtcNow().UtcDateTime });
            afterWrite = bed.Segment(last, "tier_test");
        };

        PluginBuilds.TierV2.InstallInto(bed.PluginsDir);
        await bed.Host.ScanAsync(CancellationToken.None);

        Assert.True(steps >= bought.Count / 20, $"{steps} steps for {bought.Count} moves");
        Assert.Equal("silver", beforeWrite);
        Assert.Equal("gold", afterWrite);
        Assert.All(bought, id => Assert.Equal("gold", bed.Segment(id, "tier_test")));
        SegmentIndexOracle.AssertMatches(bed.Engine.State, ["tier_test"]);
        // One move each: the write moved the last buyer, and its step found it moved already.
        Assert.Equal(["write|silver|gold"], bed.Rows($"SELECT Cause || '|' || FromSegment || '|' || ToSegment FROM cls_segment_changes WHERE Dimension = 'tier_test' AND CustomerId = {last} AND ToSegment = 'gold'"));
        Assert.Equal([(bought.Count - 1).ToString()], bed.Rows("SELECT COUNT(*) FROM cls_segment_changes WHERE Dimension = 'tier_test' AND Cause = 'plugin' AND FromSegment = 'silver' AND ToSegment = 'gold'"));
    }

    [Fact]
    public async Task Removing_the_folder_retires_the_dimension_and_history_says_the_plugin_ended_the_memberships()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.ChurnRisk, PluginBuilds.Abc);
        var plugin = bed.Engine.Snapshot.Plugins.Single(p => p.Name == "Abc");

        Directory.Delete(Path.Combine(bed.PluginsDir, "Abc"), recursive: true);
        await bed.Host.ScanAsync(CancellationToken.None);

        Assert.Null(bed.Engine.Snapshot.Find("abc"));
        Assert.All(bed.Active, e => Assert.DoesNotContain(e.Memberships, m => m.Dimension == "abc"));
        Assert.Equal(["0"], bed.Rows("SELECT COUNT(*) FROM cls_memberships WHERE Dimension = 'abc'"));
        Assert.Equal([PluginTestBed.Customers.ToString()], bed.Rows("SELECT COUNT(*) FROM cls_segment_changes WHERE Dimension = 'abc' AND Cause = 'plugin' AND ToSegment = ''"));
        Assert.Equal(PluginStatus.Loaded, bed.Host.Get("ChurnRisk").Status);
        await bed.WaitFor("Abc", _ => !plugin.LoadContext.IsAlive);
        Assert.Throws<ClassificationException>(() => bed.Host.Get("Abc"));
    }

    [Fact]
    public async Task A_plugin_that_keeps_itself_alive_after_unload_shows_unload_pending()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.KeepsAlive);

        await bed.Host.DisableAsync("KeepsAlive", "ops", CancellationToken.None);

        var info = await bed.WaitFor("KeepsAlive", i => i.Status == PluginStatus.UnloadPending);
        Assert.Contains("not collected", info.Message);
        Assert.Null(bed.Engine.Snapshot.Find("keeps_alive_test"));
    }

    [Fact]
    public async Task With_approval_required_a_build_waits_until_its_exact_hash_is_approved_and_the_approval_survives_a_restart()
    {
        var bed = await PluginTestBed.StartAsync(o => o.RequireApproval = true, PluginBuilds.ChurnRisk);
        try
        {
            var pending = bed.Host.Get("ChurnRisk");
            Assert.Equal(PluginStatus.PendingApproval, pending.Status);
            Assert.Equal(PluginFiles.Hash(Path.Combine(bed.PluginsDir, "ChurnRisk")), pending.Hash);
            Assert.Contains(pending.Hash, pending.Message);
            Assert.Null(bed.Engine.Snapshot.Find("churn_risk"));

            var wrong = await Assert.ThrowsAsync<ClassificationException>(() => bed.Host.ApproveAsync("ChurnRisk", new string('0', 64), "admin", CancellationToken.None));
            Assert.Equal(ClassificationError.FailedPrecondition, wrong.Error);
            Assert.Contains(pending.Hash, wrong.Message);

            var approved = await bed.Host.ApproveAsync("ChurnRisk", pending.Hash.ToUpperInvariant(), "admin", CancellationToken.None);
            Assert.Equal(PluginStatus.Loaded, approved.Status);
            Assert.All(bed.Active, e => Assert.Contains(e.Memberships, m => m.Dimension == "churn_risk"));

            bed = await bed.RestartAsync(o => o.RequireApproval = true);
            Assert.Equal(PluginStatus.Loaded, bed.Host.Get("ChurnRisk").Status);
        }
        finally
        {
            await bed.DisposeAsync();
        }
    }

    [Fact]
    public async Task Disable_retires_the_dimensions_enable_brings_them_back_and_both_survive_a_restart()
    {
        var bed = await PluginTestBed.StartAsync(null, PluginBuilds.ChurnRisk);
        try
        {
            await bed.Host.DisableAsync("ChurnRisk", "ops", CancellationToken.None);
            Assert.Equal(PluginStatus.Disabled, bed.Host.Get("ChurnRisk").Status);
            Assert.All(bed.Active, e => Assert.DoesNotContain(e.Memberships, m => m.Dimension == "churn_risk"));
            Assert.Empty(bed.Engine.State.Segments.Segments("churn_risk"));
            SegmentIndexOracle.AssertMatches(bed.Engine.State, ["churn_risk", .. bed.Engine.Snapshot.Dimensions.Select(d => d.Name)]);

            bed = await bed.RestartAsync();
            Assert.Equal(PluginStatus.Disabled, bed.Host.Get("ChurnRisk").Status);
            Assert.Null(bed.Engine.Snapshot.Find("churn_risk"));

            var enabled = await bed.Host.EnableAsync("ChurnRisk", CancellationToken.None);
            Assert.Equal(PluginStatus.Loaded, enabled.Status);
            Assert.All(bed.Active, e => Assert.Contains(e.Memberships, m => m.Dimension == "churn_risk"));
            SegmentIndexOracle.AssertMatches(bed.Engine.State, bed.Engine.Snapshot.Dimensions.Select(d => d.Name));
        }
        finally
        {
            await bed.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_restart_with_plugins_present_carries_their_memberships_without_new_history()
    {
        var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Rfm, PluginBuilds.Abc, PluginBuilds.ChurnRisk);
        try
        {
            var before = bed.Rows("SELECT CustomerId || '|' || Dimension || '|' || Segment || '|' || SinceUnixMs FROM cls_memberships WHERE Dimension IN ('rfm', 'abc', 'churn_risk') ORDER BY 1");
            var changes = bed.Rows("SELECT COUNT(*) FROM cls_segment_changes");
            Assert.Equal(3 * PluginTestBed.Customers, before.Count);

            bed = await bed.RestartAsync();

            Assert.Equal(before, bed.Rows("SELECT CustomerId || '|' || Dimension || '|' || Segment || '|' || SinceUnixMs FROM cls_memberships WHERE Dimension IN ('rfm', 'abc', 'churn_risk') ORDER BY 1"));
            Assert.Equal(changes, bed.Rows("SELECT COUNT(*) FROM cls_segment_changes"));
            Assert.Equal(["abc", "churn_risk", "rfm"], bed.Engine.Snapshot.Dimensions.Where(d => d.Source == "plugin").Select(d => d.Name));
        }
        finally
        {
            await bed.DisposeAsync();
        }
    }
}
