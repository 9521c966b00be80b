using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Terminal.Gui.Text;

namespace LedgerGrpc.AdminTui.Formatting;

/// <summary>How numbers, money and times read on screen (invariant culture: the same on every operator's machine).</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Minor units (fen) as a decimal amount with thousands separators: 123456 → "1,234.56".</summary>
    public static string Money(long minor)
    {
        var sign = minor < 0 ? "-" : "";
        var abs = minor == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(minor);
        return sign + (abs / 100).ToString("N0", Invariant) + "." + (abs % 100).ToString("00", Invariant);
    }

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A share as a percentage with one decimal: 1/3 → "33.3%"; nothing of nothing is 0%.</summary>
    public static string Share(long part, long whole) => whole <= 0 ? "0.0%" : (100.0 * part / whole).ToString("0.0", Invariant) + "%";

    /// <summary>Basis points as a percentage: 2550 → "25.5%".</summary>
    public static string BasisPoints(int bp) => (bp / 100.0).ToString("0.0", Invariant) + "%";

    public static string Rate(double perSecond) => perSecond >= 100 ? perSecond.ToString("N0", Invariant) : perSecond.ToString("0.0", Invariant);

    public static string Time(Timestamp? at) => at is null ? "" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", Invariant);

    public static string Date(Protos.Ledger.V1.Date? date) => date is null || date.Year == 0 ? "" : $"{date.Year:0000}-{date.Month:00}-{date.Day:00}";

    /// <summary>Terminal columns the text takes: CJK characters take two, like the terminal draws them.</summary>
    public static int Columns(string text)
    {
        var columns = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            columns += Math.Max(0, rune.GetColumns());
        }

        return columns;
    }

    /// <summary>Cuts text to a number of columns, marking the cut with an ellipsis.</summary>
    public static string Fit(string text, int width)
    {
        if (width <= 0)
        {
            return "";
        }

        if (Columns(text) <= width)
        {
            return text;
        }

        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var columns = Math.Max(0, rune.GetColumns());
            if (used + columns > width - 1)
            {
                break;
            }

            builder.Append(rune.ToString());
            used += columns;
        }

        return builder.Append('…').ToString();
    }

    public static string PadFit(string text, int width)
    {
        var fitted = Fit(text, width);
        return fitted + new string(' ', Math.Max(0, width - Columns(fitted)));
    }

    public static string PadFitLeft(string text, int width)
    {
        var fitted = Fit(text, width);
        return new string(' ', Math.Max(0, width - Columns(fitted))) + fitted;
    }
}
