namespace LedgerGrpc.AdminTui.Navigation;

/// <summary>The keys every screen has (k9s conventions), listed after each screen's own keys.</summary>
public static class CommonKeys
{
    public static readonly IReadOnlyList<KeyHelp> All =
    [
        new(":", "command (:dashboard :segments :customer ID :rules :plugins :audit :jobs :q)"),
        new("/", "filter the current list"),
        new("?", "help: every key of this screen"),
        new("Tab", "next pane", InFooter: false),
        new("Enter", "drill in", InFooter: false),
        new("Esc", "back"),
        new("q", "quit"),
    ];

    /// <summary>The footer line: the screen's footer keys then the common ones, cut to the width.</summary>
    public static string Footer(IEnumerable<KeyHelp> screenKeys, int width, bool includeCommon = true)
    {
        var parts = screenKeys.Concat(includeCommon ? All : []).Where(k => k.InFooter).Select(k => $"<{k.Key}> {k.Action.Split(' ', 2)[0].TrimEnd(':', ',')}");
        var line = "";
        foreach (var part in parts)
        {
            var next = line.Length == 0 ? part : line + "  " + part;
            if (next.Length > width)
            {
                break;
            }

            line = next;
        }

        return line;
    }

    /// <summary>The `?` help text of a screen: its keys, then the common keys.</summary>
    public static IReadOnlyList<string> Help(string screen, IEnumerable<KeyHelp> screenKeys)
    {
        var lines = new List<string> { $"{screen}: keys", "" };
        var keys = screenKeys.ToList();
        var width = keys.Concat(All).Max(k => k.Key.Length);
        lines.AddRange(keys.Select(k => "  " + k.Key.PadRight(width) + "  " + k.Action));
        lines.Add("");
        lines.Add("everywhere:");
        lines.AddRange(All.Select(k => "  " + k.Key.PadRight(width) + "  " + k.Action));
        lines.Add("");
        lines.Add("Esc or ? closes this help.");
        return lines;
    }
}
