using System.Text.RegularExpressions;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>The plugins screen against a real server with a real plugin build in its folder, at 80×24.</summary>
public sealed class PluginsScreenTests
{
    [Fact]
    public async Task Approve_a_plugin_see_a_new_build_arrive_live_approve_and_reload_it_then_disable_and_enable_at_80x24()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-plugins");
        await ServerProcess.SeedAsync(dir.Path, 60);
        var plugins = Path.Combine(dir.Path, "plugins");
        PluginBuilds.TierV1.InstallInto(plugins);
        await using var server = await ServerProcess.StartAsync(dir.Path, 0, "--Plugins:RequireApproval=true", "--Plugins:ReloadDelay=00:00:00.200");
        using var tui = TmuxTerminal.Start(80, 24, null, "--server", server.Address, "--data-dir", dir.Path, "plugins");

        // The row comes from the plugin list and the hash from the detail pane, which may draw a moment later: wait
        // for both (asserting the hash on the first screen with the row failed now and then).
        var screen = await tui.WaitForAsync(s => Row("pending_approval").IsMatch(s) && s.Contains("sha256 ", StringComparison.Ordinal), "Tier waiting for approval, with its build's hash");
        Assert.Contains("PLUGIN", screen, StringComparison.Ordinal);

        // Approve: the prompt names the build's hash; the answer "y" approves exactly that build.
        tui.Type("a");
        await tui.WaitForAsync(s => s.Contains("approve Tier", StringComparison.Ordinal) && s.Contains("y/N", StringComparison.Ordinal), "the approval prompt");
        tui.Type("y");
        tui.Keys("Enter");
        screen = await tui.WaitForAsync(s => Row("loaded", "1.0.0.0").IsMatch(s) && s.Contains("tier_test", StringComparison.Ordinal) && s.Contains("approve Tier: loaded", StringComparison.Ordinal), "Tier 1.0.0.0 loaded with its dimension");

        // A new build dropped into the folder: the server sees it and the screen shows it waiting, without a key pressed.
        PluginBuilds.TierV2.InstallInto(plugins);
        await tui.WaitForAsync(s => Row("pending_approval").IsMatch(s), "the new build waiting for approval (live)");
        tui.Type("a");
        await tui.WaitForAsync("y/N");
        tui.Type("y");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => Row("loaded", "2.0.0.0").IsMatch(s) && s.Contains("approve Tier: loaded 2.0.0.0", StringComparison.Ordinal), "Tier 2.0.0.0 loaded");

        tui.Type("r");
        await tui.WaitForAsync(s => s.Contains("reload Tier: loaded 2.0.0.0", StringComparison.Ordinal), "the reload answered");

        tui.Type("d");
        // The watch may show the new status before the call answers: wait for the answer too, so the next key's
        // message is not overwritten by it.
        await tui.WaitForAsync(s => Row("disabled").IsMatch(s) && s.Contains("dimensions: none", StringComparison.Ordinal) && s.Contains("disable Tier: disabled", StringComparison.Ordinal), "Tier disabled, its dimension retired");
        tui.Type("r");
        await tui.WaitForAsync("Tier is disabled: e enables it");
        tui.Type("e");
        screen = await tui.WaitForAsync(s => Row("loaded", "2.0.0.0").IsMatch(s) && s.Contains("enable Tier: loaded", StringComparison.Ordinal), "Tier enabled again");

        var lines = screen.Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
        Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);
    }

    private static Regex Row(string status, string version = "") => new($@"Tier\s+{Regex.Escape(status)}\s+{Regex.Escape(version)}");
}
