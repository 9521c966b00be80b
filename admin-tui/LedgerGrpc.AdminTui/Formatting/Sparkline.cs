namespace LedgerGrpc.AdminTui.Formatting;

/// <summary>A series as one line of block characters (▁ to █), scaled to its own maximum.</summary>
public static class Sparkline
{
    private static readonly char[] Levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    public static string Render(IReadOnlyList<double> values, int width)
    {
        if (width <= 0)
        {
            return "";
        }

        var shown = values.Count > width ? values.Skip(values.Count - width).ToList() : values.ToList();
        var max = shown.Count == 0 ? 0 : shown.Max();
        var chars = shown.Select(v => max <= 0 || v <= 0 ? ' ' : Levels[Math.Clamp((int)Math.Ceiling(v / max * Levels.Length) - 1, 0, Levels.Length - 1)]);
        return new string(chars.ToArray()).PadLeft(width);
    }
}
