using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>The rules screen when someone else published first (ABORTED → the stale message → r reloads theirs), then a
/// rollback to the version before theirs, in tmux at 120×40 against its own server.</summary>
public sealed class RulesStaleAndRollbackTests
{
    [Fact]
    public async Task A_stale_publish_says_so_r_reloads_the_current_version_and_R_rolls_back_to_an_older_one()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-rules");
        await ServerProcess.SeedAsync(dir.Path, 60);
        await using var server = await ServerProcess.StartAsync(dir.Path);
        await server.WaitUntilClassificationServesAsync();
        var rules = new LedgerGrpc.Protos.Ledger.V1.Rules.RulesClient(server.Connect());
        var before = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "order_size" });

        using var tui = TmuxTerminal.Start(120, 40, null, "--server", server.Address, "--data-dir", dir.Path, "rules", "order_size");
        await tui.WaitForAsync(s => s.Contains("\"WorkflowName\": \"order_size\"", StringComparison.Ordinal) && s.Contains("✓ valid", StringComparison.Ordinal), "order_size in the editor, valid");

        // Another operator publishes while this draft is open.
        var theirs = before.WorkflowJson.Replace("订单规模 Order size", "订单规模 Order size (theirs)", StringComparison.Ordinal);
        Assert.NotEqual(before.WorkflowJson, theirs);
        var published = await rules.PublishWorkflowAsync(new PublishWorkflowRequest { WorkflowJson = theirs, Comment = "published elsewhere", ExpectedVersion = before.Version });

        tui.Keys("C-s");
        await tui.WaitForAsync("publish comment:");
        tui.Type("mine (e2e)");
        tui.Keys("Enter");
        await tui.WaitForAsync(
            s => s.Contains("stale version: press r to reload", StringComparison.Ordinal) && s.Contains($"stale: order_size changed on the server since v{before.Version}", StringComparison.Ordinal),
            "the stale message");
        Assert.DoesNotContain((await rules.ListVersionsAsync(new ListVersionsRequest { Name = "order_size" })).Versions, v => v.Comment == "mine (e2e)");

        tui.Type("r");
        await tui.WaitForAsync(s => s.Contains("reloaded order_size", StringComparison.Ordinal) && s.Contains("Order size (theirs)", StringComparison.Ordinal) && s.Contains($"*v{published.Version}", StringComparison.Ordinal), "their version in the editor");

        // v goes to the versions, newest first: the second line is the version before theirs.
        tui.Type("v");
        tui.Keys("Down");
        tui.Type("R");
        await tui.WaitForAsync($"roll order_size back to v{before.Version}; comment:");
        tui.Type("undo theirs (e2e)");
        tui.Keys("Enter");
        var rolled = await tui.WaitForAsync(
            s => s.Contains($"rolled back: order_size v{published.Version + 1} is a copy of v{before.Version}", StringComparison.Ordinal) && s.Contains($"*v{published.Version + 1}", StringComparison.Ordinal)
                 && !s.Contains("(theirs)\"", StringComparison.Ordinal),
            "the rollback, and the editor back on the old text");
        Assert.Contains("rollback", rolled, StringComparison.Ordinal);
        var current = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "order_size" });
        Assert.Equal((published.Version + 1, before.WorkflowJson), (current.Version, current.WorkflowJson));
    }
}
