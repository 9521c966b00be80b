using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class PluginsModelTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 23, 0, 0, TimeSpan.Zero);

    private static Plugin Plugin(string name, string status, int secondsAfter = 0, long calls = 0, long errors = 0, string lastError = "") => new()
    {
        Name = name, DeclaredName = name, Version = "1.0.0.0", Sha256 = "ab12cd34ef56" + new string('0', 52), Status = status, Calls = calls, Errors = errors,
        P50Micros = 1.5, P99Micros = 12.4, LastError = lastError, ChangedAt = Timestamp.FromDateTimeOffset(At.AddSeconds(secondsAfter)),
        Dimensions = { new Dimension { Name = name.ToLowerInvariant() + "_dim", WorkflowVersion = 1_000_000, Segments = { new SegmentInfo { Key = "gold" }, new SegmentInfo { Key = "silver" } } } },
    };

    [Fact]
    public void Rows_are_sorted_by_name_fit_the_width_and_show_counters_and_last_error()
    {
        var model = new PluginsModel();
        Assert.Equal(["loading…"], model.Rows(80));
        model.SetAll([Plugin("Rfm", "loaded", calls: 12_345, errors: 3, lastError: "boom\nat line 2"), Plugin("Abc", "pending_approval")]);

        var rows = model.Rows(80);
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("Abc ", rows[0], StringComparison.Ordinal);
        Assert.Matches(@"^Rfm\s+loaded\s+1\.0\.0\.0\s+12,345\s+3\s+12\.4\s+boom at lin…$", rows[1]);
        Assert.All(rows.Append(PluginsModel.Header(80)), r => Assert.True(r.Length <= 80, r));
        Assert.Contains("LAST ERROR", PluginsModel.Header(120), StringComparison.Ordinal);
        Assert.True(rows[1].Length < PluginsModel.Row(model.At(1)!, 120).Length);
    }

    [Fact]
    public void Watch_updates_replace_a_plugin_but_never_step_back_in_time_and_the_filter_narrows()
    {
        var model = new PluginsModel();
        model.SetAll([Plugin("Tier", "loaded", secondsAfter: 10), Plugin("Rfm", "loaded")]);
        model.Update(Plugin("Tier", "quarantined", secondsAfter: 5));
        Assert.Equal("loaded", model.Visible.Single(p => p.Name == "Tier").Status);
        model.Update(Plugin("Tier", "disabled", secondsAfter: 20));
        Assert.Equal("disabled", model.Visible.Single(p => p.Name == "Tier").Status);
        model.Update(Plugin("Churn", "failed"));
        Assert.Equal(["Churn", "Rfm", "Tier"], model.Visible.Select(p => p.Name));

        model.Filter = "DISABLED";
        Assert.Equal(["Tier"], model.Visible.Select(p => p.Name));
        model.Filter = "rfm_dim";
        Assert.Equal(["Rfm"], model.Visible.Select(p => p.Name));
        model.Filter = "nothing";
        Assert.Equal(["no plugin matches 'nothing'"], model.Rows(80));
        model.Filter = "";
        model.SetAll([]);
        Assert.Equal(["no plugins in the server's plugins folder"], model.Rows(80));
    }

    [Theory]
    [InlineData('a', "pending_approval", "Approve", "")]
    [InlineData('a', "loaded", null, "Tier is loaded, not waiting for approval")]
    [InlineData('r', "loaded", "Reload", "")]
    [InlineData('r', "quarantined", "Reload", "")]
    [InlineData('r', "disabled", null, "Tier is disabled: e enables it")]
    [InlineData('d', "loaded", "Disable", "")]
    [InlineData('d', "disabled", null, "Tier is already disabled")]
    [InlineData('e', "disabled", "Enable", "")]
    [InlineData('e', "quarantined", "Enable", "")]
    [InlineData('e', "loaded", null, "Tier is loaded: only a disabled, quarantined or failed plugin is enabled")]
    [InlineData('x', "loaded", null, "")]
    public void A_key_asks_for_an_action_the_status_allows_or_says_why_not(char key, string status, string? action, string refusal)
    {
        var (chosen, why) = PluginsModel.ActionFor(key, Plugin("Tier", status));
        Assert.Equal(action, chosen?.ToString());
        Assert.Equal(refusal, why);
    }

    [Fact]
    public void Nothing_selected_and_approval_needs_a_hash_and_a_yes()
    {
        Assert.Equal((null, "no plugin selected"), PluginsModel.ActionFor('r', null));
        var unreadable = Plugin("Tier", "pending_approval");
        unreadable.Sha256 = "";
        Assert.Equal("Tier has no readable build to approve", PluginsModel.ActionFor('a', unreadable).Refusal);
        Assert.Equal("approve Tier 1.0.0.0 sha256 ab12cd34ef56…? y/N: ", PluginsModel.ApprovePrompt(Plugin("Tier", "pending_approval")));
        Assert.True(PluginsModel.Confirmed(" y "));
        Assert.True(PluginsModel.Confirmed("yes"));
        Assert.False(PluginsModel.Confirmed(""));
        Assert.False(PluginsModel.Confirmed("n"));
    }

    [Fact]
    public void Details_show_why_the_hash_dimensions_counters_and_the_last_error_with_its_time()
    {
        var plugin = Plugin("Tier", "quarantined", calls: 200, errors: 50, lastError: "NullReferenceException");
        plugin.Message = "Error rate 25.0% over the last 200 customers";
        plugin.LastErrorAt = Timestamp.FromDateTimeOffset(At);
        var lines = PluginsModel.Details(plugin, 120);
        Assert.Equal("Tier 1.0.0.0 · quarantined since 2026-12-06 23:00:00", lines[0]);
        Assert.Equal("Error rate 25.0% over the last 200 customers", lines[1]);
        Assert.StartsWith("sha256 ab12cd34ef56", lines[2], StringComparison.Ordinal);
        Assert.Equal("dimensions: tier_dim v1000000 [gold, silver]", lines[3]);
        Assert.Equal("calls 200 · errors 50 (25.0%) · p50 1.5 µs · p99 12.4 µs", lines[4]);
        Assert.Equal("last error 2026-12-06 23:00:00: NullReferenceException", lines[5]);
        Assert.All(PluginsModel.Details(plugin, 30), l => Assert.True(l.Length <= 30, l));
    }
}
