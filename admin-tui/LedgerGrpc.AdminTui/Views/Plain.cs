using System.Text;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>Titles and labels show data (dimension names like value_tier): no character may turn into a hotkey marker.</summary>
internal static class Plain
{
    public static readonly Rune NoHotKey = new(0xFFFF);
}
