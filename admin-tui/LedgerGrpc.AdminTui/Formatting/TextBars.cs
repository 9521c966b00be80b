namespace LedgerGrpc.AdminTui.Formatting;

/// <summary>Horizontal bars drawn with block characters (eighths), so a chart is plain text any terminal shows.</summary>
public static class TextBars
{
    private static readonly char[] Eighths = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

    /// <summary>A bar of <paramref name="value"/>/<paramref name="max"/> of <paramref name="width"/> cells, padded to the width.</summary>
    public static string Bar(long value, long max, int width)
    {
        if (width <= 0)
        {
            return "";
        }

        if (max <= 0 || value <= 0)
        {
            return new string(' ', width);
        }

        var eighths = (int)Math.Round(Math.Min(1.0, (double)value / max) * width * 8);
        // Something that exists must show, however small next to the largest.
        eighths = Math.Max(1, eighths);
        var full = eighths / 8;
        var bar = new string('█', full) + (eighths % 8 > 0 ? Eighths[eighths % 8].ToString() : "");
        return bar.PadRight(width);
    }

    /// <summary>One line per item: label, bar, count and share of the total; fits <paramref name="width"/> columns.</summary>
    public static IReadOnlyList<string> Chart(IReadOnlyList<(string Label, long Value)> items, int width, bool showShare = true)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var total = items.Sum(i => i.Value);
        var max = items.Max(i => i.Value);
        var labelWidth = Math.Min(Math.Max(6, items.Max(i => i.Label.Length)), Math.Max(6, width / 3));
        var countWidth = Math.Max(5, items.Max(i => Format.Count(i.Value).Length));
        var shareWidth = showShare ? 7 : 0;
        var barWidth = Math.Max(4, width - labelWidth - countWidth - shareWidth - 3);
        return items.Select(i =>
                Format.PadFit(i.Label, labelWidth) + " " + Bar(i.Value, max, barWidth) + " " + Format.PadFitLeft(Format.Count(i.Value), countWidth)
                + (showShare ? " " + Format.PadFitLeft(Format.Share(i.Value, total), 6) : ""))
            .ToList();
    }
}
