using LedgerGrpc.AdminTui.Formatting;

namespace LedgerGrpc.AdminTui.Tests.Formatting;

public sealed class TextBarsTests
{
    [Fact]
    public void Bar_scales_to_the_largest_in_eighths_and_pads_to_its_width()
    {
        Assert.Equal("██████████", TextBars.Bar(50, 50, 10));
        Assert.Equal("█████     ", TextBars.Bar(25, 50, 10));
        Assert.Equal("██▌       ", TextBars.Bar(25, 100, 10));
        Assert.Equal(new string(' ', 10), TextBars.Bar(0, 100, 10));
    }

    [Fact]
    public void A_tiny_value_still_shows()
        => Assert.Equal("▏" + new string(' ', 9), TextBars.Bar(1, 1_000_000, 10));

    [Fact]
    public void Chart_lines_hold_label_bar_count_and_share_within_the_width()
    {
        var lines = TextBars.Chart([("gold", 750), ("silver", 250)], 40);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.True(Format.Columns(l) <= 40, l));
        Assert.Matches(@"^gold\s+█+\s+750\s+75\.0%$", lines[0]);
        Assert.Matches(@"^silver\s+█+[▏▎▍▌▋▊▉]?\s+250\s+25\.0%$", lines[1]);
        Assert.InRange(Eighths(lines[0]) - 3 * Eighths(lines[1]), -3, 3);
    }

    /// <summary>A bar's length in eighths of a cell.</summary>
    public static int Eighths(string line) => line.Sum(c => c == '█' ? 8 : "▏▎▍▌▋▊▉".IndexOf(c, StringComparison.Ordinal) + 1);
}
