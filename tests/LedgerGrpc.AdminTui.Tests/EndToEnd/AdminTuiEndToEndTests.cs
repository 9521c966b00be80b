using System.Text.RegularExpressions;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>
/// ledgergrpc-admin in tmux against a real seeded server, driven by keys and read from the screen like an operator
/// would: at 120×40 and at 80×24. (One class: the tests share the server and run one after another.)
/// </summary>
public sealed partial class AdminTuiEndToEndTests(SeededServerFixture fixture) : IClassFixture<SeededServerFixture>
{
    private TmuxTerminal Open(int width, int height, params string[] args)
        => TmuxTerminal.Start(width, height, null, ["--server", fixture.Server.Address, "--data-dir", fixture.Server.DataDir, .. args]);

    [Fact]
    public async Task Dashboard_shows_the_distribution_and_fits_80x24_after_a_resize()
    {
        using var tui = Open(120, 40);
        var screen = await tui.WaitForAsync(s => s.Contains("● connected", StringComparison.Ordinal) && s.Contains("medium_credit", StringComparison.Ordinal) && s.Contains("customers 300", StringComparison.Ordinal), "the distribution");
        Assert.Matches(@"credit \(workflow v\d+, one segment each\)", screen);
        Assert.Matches(@"medium_credit\s+█+[▏▎▍▌▋▊▉]?\s+[\d,]+\s+\d+\.\d%", screen);
        SaveCapture("dashboard-120x40.txt", screen);

        tui.Resize(80, 24);
        screen = await tui.WaitForAsync(
            s => Lines(s).Count == 24 && Lines(s).All(l => l.Length <= 80) && s.Contains("<q> quit", StringComparison.Ordinal) && Regex.IsMatch(s, @"╰─+╯╰─+╯")
                 && Regex.IsMatch(s, @"medium_credit\s+█+[▏▎▍▌▋▊▉]?\s+[\d,]+\s+\d+\.\d%"),
            "the dashboard and its charts laid out again at 80×24");
        Assert.Contains("Segments by dimension", screen, StringComparison.Ordinal);
        Assert.Contains("Live changes", screen, StringComparison.Ordinal);
        SaveCapture("dashboard-80x24.txt", screen);
        Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_from_a_segment_to_a_customer_and_see_the_explain_trace_at_80x24()
    {
        using var tui = Open(80, 24, "segments");
        await tui.WaitForAsync("value_tier");
        tui.Type("/");
        await tui.WaitForAsync(s => Lines(s)[^2].StartsWith('/'), "the filter prompt");
        tui.Type("value_tier");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => !s.Contains("purchase_frequency", StringComparison.Ordinal), "the filtered list");
        tui.Keys("Enter");
        await tui.WaitForAsync("Dimensions › value_tier");
        tui.Keys("Enter");
        var members = await tui.WaitForAsync(s => s.Contains("members · sort Id", StringComparison.Ordinal) && MemberLine().IsMatch(s), "a page of members with names");
        var id = MemberLine().Match(members).Groups[1].Value;
        tui.Keys("Enter");
        await tui.WaitForAsync($"Customer #{id}");
        await tui.WaitForAsync(s => s.Contains("value_tier", StringComparison.Ordinal) && s.Contains("1 Memberships", StringComparison.Ordinal), "the memberships");
        tui.Type("1");
        tui.Keys("Enter");
        var explain = await tui.WaitForAsync(s => s.Contains("Explain credit:", StringComparison.Ordinal) && Regex.IsMatch(s, "[✓✗] "), "the explain trace");
        Assert.Matches(@"Explain credit: \w+ by (rule \w+|the default)", explain);
        tui.Keys("Escape");
        await tui.WaitForAsync(s => s.Contains("1 Memberships", StringComparison.Ordinal) && s.Contains("Customer #" + id, StringComparison.Ordinal), "the memberships and profile again");
    }

    [Fact]
    public async Task Rule_syntax_error_shows_at_its_line_and_column_then_preview_and_publish_move_the_distribution_and_the_feed()
    {
        using var tui = Open(120, 40);
        await tui.WaitForAsync("medium_credit");
        tui.Type("/");
        tui.Type("value_tier");
        tui.Keys("Enter");
        var before = await tui.WaitForAsync(s => HighValue().IsMatch(s) && !s.Contains("│  medium_credit", StringComparison.Ordinal), "the value_tier chart");
        var highBefore = HighValue().Match(before).Groups[1].Value;

        tui.Type(":");
        tui.Type("rules value_tier");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => s.Contains("\"WorkflowName\": \"value_tier\"", StringComparison.Ordinal) && s.Contains("✓ valid", StringComparison.Ordinal), "the workflow in the editor, valid");

        // Line 9 holds HighValue's expression; column 22 is its first character.
        tui.Type("e");
        await tui.WaitForAsync("<Esc> leave");
        tui.Keys([.. Enumerable.Repeat("Down", 8), "Home", .. Enumerable.Repeat("Right", 21)]);
        tui.Type("((");
        var broken = await tui.WaitForAsync(s => Diagnostic().IsMatch(s), "a diagnostic with line and column");
        var diagnostic = Diagnostic().Match(broken);
        Assert.Equal("9", diagnostic.Groups[1].Value);
        var column = diagnostic.Groups[2].Value;

        // Esc then a key at once reads as Alt+key in any terminal: wait for the footer to show the editor was left.
        tui.Keys("Escape");
        await tui.WaitForAsync("<t> test");
        tui.Keys("Down", "Enter");
        await tui.WaitForAsync($"cursor at 9:{column}");
        await tui.WaitForAsync($"[modified] · 9:{column}");

        // Fix it: back to column 22, remove the two brackets, then lower the high-value threshold.
        tui.Keys(["Home", .. Enumerable.Repeat("Right", 21)]);
        tui.Keys("Delete", "Delete");
        await tui.WaitForAsync("✓ valid");
        tui.Type("customer.TotalSpend >= 1000 || ");
        await tui.WaitForAsync("customer.TotalSpend >= 1000 || customer.TotalSpend >= 100000");
        tui.Keys("Escape");
        await tui.WaitForAsync("<t> test");
        tui.Type("P");
        var preview = await tui.WaitForAsync(s => s.Contains("would move", StringComparison.Ordinal) && s.Contains("→high_value:", StringComparison.Ordinal), "the preview");
        Assert.Matches(@"high_value\s+[\d,]+\s+[\d,]+\s+\+[\d,]+", preview);

        tui.Keys("C-s");
        await tui.WaitForAsync("publish comment:");
        tui.Type("lower the high-value threshold (e2e)");
        tui.Keys("Enter");
        var published = await tui.WaitForAsync(s => PublishedLine().IsMatch(s), "the publish confirmation");
        var version = PublishedLine().Match(published).Groups[1].Value;

        tui.Type(":");
        tui.Type("dashboard");
        tui.Keys("Enter");
        var after = await tui.WaitForAsync(
            s => HighValue().IsMatch(s) && HighValue().Match(s).Groups[1].Value != highBefore && Regex.IsMatch(s, $@"publish v{version} #\d+ value_tier medium_value→") && s.Contains("done", StringComparison.Ordinal),
            "the new distribution, the publish's changes in the live feed and the finished job");
        Assert.Matches(@"\d+(\.\d)? changes/s · [\d,]+ since opened", after);
    }

    [Fact]
    public async Task Set_and_clear_a_manual_override_from_the_customer_screen()
    {
        using var tui = Open(120, 40, "customer", "7");
        await tui.WaitForAsync(s => s.Contains("Customer #7", StringComparison.Ordinal) && s.Contains("value_tier", StringComparison.Ordinal), "customer 7's memberships");
        tui.Type("1");
        tui.Type("o");
        await tui.WaitForAsync("override credit to (");
        tui.Type("high_credit");
        tui.Keys("Enter");
        await tui.WaitForAsync("reason for credit=high_credit:");
        tui.Type("key account, agreed by finance");
        tui.Keys("Enter");
        var set = await tui.WaitForAsync(s => s.Contains("override set: #7 credit = high_credit (key account, agreed by finance)", StringComparison.Ordinal) && Regex.IsMatch(s, @"credit\s+high_credit\s+OVERRIDE"), "the override");
        Assert.DoesNotContain("! ", Lines(set)[^2], StringComparison.Ordinal);

        // Every override in force, paged from the server (ListOverrides), leads back to the customer.
        tui.Type(":");
        tui.Type("segments");
        tui.Keys("Enter");
        await tui.WaitForAsync("value_tier");
        tui.Type("O");
        await tui.WaitForAsync(s => Regex.IsMatch(s, @"#7\s+credit\s+high_credit\s+key:admin\s+[\d-]+ [\d:]+\s+key account, agreed by finance"), "the override in the overrides list");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => s.Contains("Customer #7", StringComparison.Ordinal) && Regex.IsMatch(s, @"credit\s+high_credit\s+OVERRIDE"), "customer 7 again");
        tui.Type("1");

        tui.Type("x");
        await tui.WaitForAsync("clear the override of credit? (y/n)");
        tui.Type("y");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => s.Contains("override of credit cleared", StringComparison.Ordinal) && !s.Contains("OVERRIDE", StringComparison.Ordinal), "the override gone");
    }

    [Fact]
    public async Task Command_line_help_and_quit()
    {
        using var tui = Open(80, 24);
        await tui.WaitForAsync("● connected");
        tui.Type(":");
        tui.Type("nonsense");
        tui.Keys("Enter");
        await tui.WaitForAsync("unknown command 'nonsense'");
        tui.Type("?");
        await tui.WaitForAsync(s => s.Contains("Dashboard: keys", StringComparison.Ordinal) && s.Contains("Esc", StringComparison.Ordinal), "the help");
        tui.Keys("Escape");
        await tui.WaitForAsync("Segments by dimension");
        tui.Type("q");
        await tui.WaitForAsync(s => !tui.IsRunning, "the client to exit");
    }

    [Fact]
    public async Task No_color_when_NO_COLOR_is_set()
    {
        using var tui = TmuxTerminal.Start(80, 24, new Dictionary<string, string> { ["NO_COLOR"] = "1" }, "--server", fixture.Server.Address, "--data-dir", fixture.Server.DataDir);
        await tui.WaitForAsync("medium_credit");
        var escapes = tui.CaptureWithEscapes();
        Assert.DoesNotMatch(@"\x1b\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;[25]|48;[25])[;m]", escapes);
    }

    private static List<string> Lines(string screen) => screen.TrimEnd('\n').Split('\n').ToList();

    private static void SaveCapture(string name, string screen)
    {
        var dir = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "captures"));
        File.WriteAllText(Path.Combine(dir.FullName, name), screen);
    }

    [GeneratedRegex(@"^│\s+#(\d+) \S", RegexOptions.Multiline)]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"high_value\s+█*[▏▎▍▌▋▊▉]?\s+([\d,]+)\s+\d+\.\d%")]
    private static partial Regex HighValue();

    [GeneratedRegex(@"(\d+):(\d+) error value_tier/HighValue")]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"published value_tier v(\d+)")]
    private static partial Regex PublishedLine();
}
