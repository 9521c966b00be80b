namespace LedgerGrpc.AdminTui.Navigation;

/// <summary>The `:` command line (k9s style): a screen name or alias, optionally followed by what to open there.</summary>
public static class CommandLine
{
    private static readonly (string Name, ScreenKind Screen)[] Names =
    [
        ("dashboard", ScreenKind.Dashboard), ("dash", ScreenKind.Dashboard), ("home", ScreenKind.Dashboard),
        ("segments", ScreenKind.Segments), ("segment", ScreenKind.Segments), ("seg", ScreenKind.Segments), ("dimensions", ScreenKind.Segments),
        ("customer", ScreenKind.Customer), ("customers", ScreenKind.Customer), ("cust", ScreenKind.Customer), ("c", ScreenKind.Customer),
        ("rules", ScreenKind.Rules), ("rule", ScreenKind.Rules), ("workflows", ScreenKind.Rules), ("workflow", ScreenKind.Rules),
        ("plugins", ScreenKind.Plugins), ("plugin", ScreenKind.Plugins),
        ("audit", ScreenKind.Audit),
        ("jobs", ScreenKind.Jobs), ("job", ScreenKind.Jobs),
    ];

    /// <summary>Every screen name the command line accepts (for help and completion).</summary>
    public static IEnumerable<string> ScreenNames => Enum.GetValues<ScreenKind>().Select(s => s.ToString().ToLowerInvariant());

    /// <summary>Parses "rules", ":customer 123", "seg value" ...; "q"/"quit" is <see cref="CommandResult.Quit"/>.</summary>
    public static CommandResult Parse(string text)
    {
        var line = text.Trim().TrimStart(':').Trim();
        if (line.Length == 0)
        {
            return CommandResult.Nothing;
        }

        var space = line.IndexOf(' ');
        var word = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        if (word is "q" or "quit" or "q!" or "exit")
        {
            return CommandResult.Quit;
        }

        foreach (var (name, screen) in Names)
        {
            if (name == word)
            {
                return new CommandResult(new Destination(screen, argument), false, "");
            }
        }

        // A bare number is a customer id: `:123` opens customer 123.
        if (long.TryParse(word, out _) && argument.Length == 0)
        {
            return new CommandResult(new Destination(ScreenKind.Customer, word), false, "");
        }

        return new CommandResult(null, false, $"unknown command '{word}': try {string.Join(", ", ScreenNames.Select(n => ":" + n))}, :q");
    }
}

public sealed record CommandResult(Destination? Destination, bool QuitRequested, string Error)
{
    public static readonly CommandResult Nothing = new(null, false, "");
    public static readonly CommandResult Quit = new(null, true, "");
}
