namespace LedgerGrpc.AdminTui.Navigation;

/// <summary>One key of a screen, for the footer (short) and the `?` help (every key).</summary>
public sealed record KeyHelp(string Key, string Action, bool InFooter = true);
