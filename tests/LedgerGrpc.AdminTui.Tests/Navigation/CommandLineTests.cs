using LedgerGrpc.AdminTui.Navigation;

namespace LedgerGrpc.AdminTui.Tests.Navigation;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(":rules", ScreenKind.Rules, "")]
    [InlineData("segments value_tier", ScreenKind.Segments, "value_tier")]
    [InlineData(":customer 123", ScreenKind.Customer, "123")]
    [InlineData(":c 陈杰", ScreenKind.Customer, "陈杰")]
    [InlineData(":123", ScreenKind.Customer, "123")]
    [InlineData(" :DASH ", ScreenKind.Dashboard, "")]
    [InlineData(":plugins", ScreenKind.Plugins, "")]
    [InlineData(":audit", ScreenKind.Audit, "")]
    [InlineData(":jobs", ScreenKind.Jobs, "")]
    public void Jumps_to_a_screen_with_its_argument(string text, ScreenKind screen, string argument)
    {
        var result = CommandLine.Parse(text);
        Assert.Equal(new Destination(screen, argument), result.Destination);
        Assert.False(result.QuitRequested);
    }

    [Theory]
    [InlineData(":q")]
    [InlineData("quit")]
    public void Quits(string text) => Assert.True(CommandLine.Parse(text).QuitRequested);

    [Fact]
    public void An_unknown_command_says_what_is_known_and_goes_nowhere()
    {
        var result = CommandLine.Parse(":frobnicate");
        Assert.Null(result.Destination);
        Assert.Contains("unknown command 'frobnicate'", result.Error, StringComparison.Ordinal);
        Assert.Contains(":rules", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_does_nothing() => Assert.Equal(CommandResult.Nothing, CommandLine.Parse(":"));
}
