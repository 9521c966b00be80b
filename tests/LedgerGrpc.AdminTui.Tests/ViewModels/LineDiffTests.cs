using LedgerGrpc.AdminTui.ViewModels;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class LineDiffTests
{
    [Fact]
    public void Shows_removed_and_added_lines_with_context_and_folds_the_rest()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var after = before.Replace("line 10", "line ten", StringComparison.Ordinal) + "\nline 21";

        var diff = LineDiff.Unified(before, after, context: 1);

        Assert.Equal(
        [
            "  … 8 unchanged lines",
            "  line 9",
            "- line 10",
            "+ line ten",
            "  line 11",
            "  … 8 unchanged lines",
            "  line 20",
            "+ line 21",
        ], diff);
    }

    [Fact]
    public void Identical_texts_fold_into_one_line()
        => Assert.Equal(["  … 2 unchanged lines"], LineDiff.Unified("a\nb", "a\r\nb"));
}
