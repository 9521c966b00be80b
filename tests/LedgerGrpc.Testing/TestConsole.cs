using Spectre.Console;

namespace LedgerGrpc.Testing;

/// <summary>A Spectre console that writes plain, wide, non-interactive text into a StringWriter, for CLI tests.</summary>
public static class TestConsole
{
    public static IAnsiConsole Create(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        return console;
    }
}
