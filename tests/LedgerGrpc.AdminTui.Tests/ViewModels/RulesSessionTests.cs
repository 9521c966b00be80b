using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class RulesSessionTests
{
    [Fact]
    public void Publish_precondition_is_the_current_version_even_when_an_older_one_is_shown()
    {
        var session = new RulesSession();
        session.Loaded(new WorkflowVersion { Name = "value_tier", Version = 2, WorkflowJson = "{ }" }, currentVersion: 5);

        Assert.Equal(5, session.BaseVersion);
        Assert.Equal("value_tier v2 (current v5) · 1:1", session.Title("{ }\n", 1, 1));
        Assert.Equal("value_tier v2 (current v5) [modified] · 3:7", session.Title("{ \"x\": 1 }", 3, 7));
        Assert.Contains("Press r to reload", session.StaleMessage("version 6 is current"), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_compares_two_marked_versions_or_one_against_the_draft()
    {
        var session = new RulesSession();
        session.Loaded(new WorkflowVersion { Name = "w", Version = 4 }, 4);
        Assert.Equal((3, (int?)null), session.DiffTarget(selectedVersion: 3));
        session.ToggleMark(4);
        Assert.Equal((4, (int?)null), session.DiffTarget(1));
        session.ToggleMark(1);
        Assert.Equal((1, (int?)4), session.DiffTarget(2));
        session.ToggleMark(2);
        Assert.Equal([1, 2], session.Marked);
        session.ToggleMark(2);
        Assert.Equal([1], session.Marked);
    }
}
