using System.Text.Json;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Testing;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Plugins;

/// <summary>Plugins in a real server (Kestrel on loopback, SQLite file, the folder watched) with real plugin builds.</summary>
public sealed class PluginEndToEndTests(ITestOutputHelper log)
{
    // A generous call budget: on a loaded test machine an honest call must not look like a hung one.
    private static readonly Dictionary<string, string?> NoApproval = new()
    {
        ["Plugins:RequireApproval"] = "false", ["Plugins:ReloadDelay"] = "00:00:00.200", ["Plugins:CallBudget"] = "00:00:10",
    };

    [Fact]
    public async Task A_new_build_copied_over_a_live_plugin_under_a_python_write_load_swaps_with_no_failed_call_and_the_old_version_is_collected()
    {
        using var data = new TempDirectory("ledgergrpc-plugin-reload");
        var plugins = Path.Combine(data.Path, "plugins");
        PluginBuilds.TierV1.InstallInto(plugins);
        await using var server = await TestServerHost.StartAsync(NoApproval, dataDir: data.Path);
        var old = server.Services.GetRequiredService<ClassificationEngine>().Snapshot.Plugins.Single();
        var host = server.Services.GetRequiredService<PluginHost>();
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Changed += _ =>
        {
            if (!old.LoadContext.IsAlive) collected.TrySetResult();
        };

        var output = JsonDocument.Parse(await PluginPython.RunAsync("reload_under_load", server, plugins, PluginBuilds.TierV2.Output));

        // Writes, failures and p99 write latency from the swap until 200 writes after it (bench/README quotes it).
        log.WriteLine(output.RootElement.GetRawText());
        Assert.Equal(0, output.RootElement.GetProperty("failed").GetInt32());
        var tier = await Client(server).GetPluginAsync(new V1.GetPluginRequest { Name = "Tier" });
        Assert.Equal("loaded", tier.Status);
        Assert.Equal("2.0.0.0", tier.Version);
        Assert.Contains("TierMath.Points(ICustomerFeatures) → Int32", tier.ExpressionHelpers);
        // Verified unload: the first version's load context is gone (the wait is for the host's event).
        await collected.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Misbehaving_plugins_are_reported_or_quarantined_and_the_server_keeps_serving()
    {
        using var data = new TempDirectory("ledgergrpc-plugin-faults");
        var plugins = Path.Combine(data.Path, "plugins");
        foreach (var build in new[] { PluginBuilds.WrongContract, PluginBuilds.Clashes, PluginBuilds.Hangs }) build.InstallInto(plugins);
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?>(NoApproval) { ["Plugins:CallBudget"] = "00:00:02" }, dataDir: data.Path);

        await PluginPython.RunAsync("faults", server, plugins);
    }

    [Fact]
    public async Task Outside_development_a_plugin_waits_for_approval_of_its_hash_then_goes_live_and_stays_live_after_a_restart()
    {
        using var data = new TempDirectory("ledgergrpc-plugin-approval");
        PluginBuilds.ChurnRisk.InstallInto(Path.Combine(data.Path, "plugins"));
        string hash;
        var budget = new Dictionary<string, string?> { ["Plugins:CallBudget"] = "00:00:10" };
        await using (var server = await TestServerHost.StartAsync(budget, dataDir: data.Path))
        {
            var client = Client(server);
            var pending = await client.GetPluginAsync(new V1.GetPluginRequest { Name = "ChurnRisk" });
            Assert.Equal("pending_approval", pending.Status);
            Assert.Equal("1.0.0.0", pending.Version);
            hash = pending.Sha256;
            var segments = new V1.Segments.SegmentsClient(server.Connect());
            Assert.DoesNotContain((await segments.ListDimensionsAsync(new V1.ListDimensionsRequest())).Dimensions, d => d.Name == "churn_risk");

            var approved = await client.ApprovePluginAsync(new V1.ApprovePluginRequest { Name = "ChurnRisk", Sha256 = hash });
            Assert.Equal("loaded", approved.Status);
            var dimension = Assert.Single(approved.Dimensions);
            Assert.Equal(("churn_risk", "plugin", "first_match", "unknown"), (dimension.Name, dimension.Source, dimension.Mode, dimension.DefaultSegment));
            Assert.Contains((await segments.ListDimensionsAsync(new V1.ListDimensionsRequest())).Dimensions, d => d.Name == "churn_risk" && d.Source == "plugin");

            // The approval is in the audit log under the authenticated admin key, with the build it approved.
            var audit = await new V1.Access.AccessClient(server.Connect()).ListAuditEntriesAsync(new V1.ListAuditEntriesRequest { EntityType = "Plugin" });
            var entry = Assert.Single(audit.Entries);
            Assert.Equal(("ApprovePlugin", "key:admin", "ChurnRisk"), (entry.Action, entry.Actor, entry.EntityKey));
            Assert.Contains(hash, entry.AfterJson, StringComparison.Ordinal);
        }

        await using var restarted = await TestServerHost.StartAsync(budget, dataDir: data.Path);
        var again = await Client(restarted).GetPluginAsync(new V1.GetPluginRequest { Name = "ChurnRisk" });
        Assert.Equal(("loaded", hash), (again.Status, again.Sha256));
    }

    private static V1.Plugins.PluginsClient Client(TestServerHost server) => new(server.Connect());
}
