using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Plugins;

/// <summary>The plugin controls (ReloadPlugin, DisablePlugin, EnablePlugin) in the audit log of a real server with a real
/// plugin build, called with keys and read back through <c>Access/ListAuditEntries</c>.</summary>
public sealed class PluginAuditTests
{
    [Fact]
    public async Task Reload_disable_and_enable_are_audited_under_the_calling_key_with_the_plugin_and_the_status_they_ended_in()
    {
        using var data = new TempDirectory("ledgergrpc-plugin-audit");
        PluginBuilds.ChurnRisk.InstallInto(Path.Combine(data.Path, "plugins"));
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Plugins:RequireApproval"] = "false", ["Plugins:Watch"] = "false", ["Plugins:CallBudget"] = "00:00:10",
        }, dataDir: data.Path);
        var operatorPlugins = new V1.Plugins.PluginsClient(server.Connect(key: await server.KeyAsync(LedgerRoles.Operator)));
        var hash = (await operatorPlugins.GetPluginAsync(new V1.GetPluginRequest { Name = "ChurnRisk" })).Sha256;

        Assert.Equal("loaded", (await operatorPlugins.ReloadPluginAsync(new V1.ReloadPluginRequest { Name = "ChurnRisk" })).Status);
        Assert.Equal("disabled", (await operatorPlugins.DisablePluginAsync(new V1.DisablePluginRequest { Name = "ChurnRisk" })).Status);
        Assert.Equal("loaded", (await operatorPlugins.EnablePluginAsync(new V1.EnablePluginRequest { Name = "ChurnRisk" })).Status);

        // Refused by policy (a service key may not manage plugins): nothing changes, and the refusal is counted in the
        // RefusedCalls summary entry under the key that tried.
        var servicePlugins = new V1.Plugins.PluginsClient(server.Connect(key: await server.KeyAsync(LedgerRoles.Service)));
        var denied = await Assert.ThrowsAsync<RpcException>(() => servicePlugins.DisablePluginAsync(new V1.DisablePluginRequest { Name = "ChurnRisk" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        // Refused by the host (no such plugin): a failed request changes nothing and records nothing.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => operatorPlugins.ReloadPluginAsync(new V1.ReloadPluginRequest { Name = "Missing" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        await server.Services.GetRequiredService<RefusedCallLog>().FlushAsync();

        var auditor = new V1.Access.AccessClient(server.Connect(key: await server.KeyAsync(LedgerRoles.Auditor)));
        var entries = (await auditor.ListAuditEntriesAsync(new V1.ListAuditEntriesRequest { EntityType = "Plugin", PageSize = 100 })).Entries.Reverse().ToList();
        Assert.Equal(
            [("ReloadPlugin", "loaded"), ("DisablePlugin", "disabled"), ("EnablePlugin", "loaded")],
            entries.Select(e => (e.Action, Status(e.AfterJson))).ToList());
        Assert.All(entries, e =>
        {
            Assert.Equal("key:test-operator", e.Actor);
            Assert.Equal(("Plugin", "ChurnRisk"), (e.EntityType, e.EntityKey));
            Assert.Contains(hash, e.AfterJson, StringComparison.Ordinal);
            Assert.Contains("1.0.0.0", e.AfterJson, StringComparison.Ordinal);
        });
        Assert.Empty((await auditor.ListAuditEntriesAsync(new V1.ListAuditEntriesRequest { Entity = "Missing" })).Entries);

        var refused = Assert.Single((await auditor.ListAuditEntriesAsync(new V1.ListAuditEntriesRequest { Action = RefusedCallLog.Action })).Entries);
        Assert.Contains("key:test-service", refused.AfterJson, StringComparison.Ordinal);
        Assert.Contains("DisablePlugin", refused.AfterJson, StringComparison.Ordinal);
        Assert.Equal("loaded", (await operatorPlugins.GetPluginAsync(new V1.GetPluginRequest { Name = "ChurnRisk" })).Status);
    }

    private static string Status(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("status").GetString() ?? "";
}
