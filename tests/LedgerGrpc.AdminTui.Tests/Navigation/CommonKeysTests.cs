using LedgerGrpc.AdminTui.Navigation;

namespace LedgerGrpc.AdminTui.Tests.Navigation;

public sealed class CommonKeysTests
{
    private static readonly KeyHelp[] ScreenKeys = [new("n", "next page"), new("S", "flip the sort", InFooter: false)];

    [Fact]
    public void Footer_lists_whole_keys_only_and_fits_80_columns()
    {
        var footer = CommonKeys.Footer(ScreenKeys, 80);

        Assert.StartsWith("<n> next  <:> command  </> filter  <?> help  <Esc> back  <q> quit", footer, StringComparison.Ordinal);
        Assert.DoesNotContain("<S>", footer, StringComparison.Ordinal);
        Assert.Equal("<n> next  <:> command", CommonKeys.Footer(ScreenKeys, 25));
    }

    [Fact]
    public void Help_shows_every_key_of_the_screen_then_the_common_ones()
    {
        var help = CommonKeys.Help("Segments", ScreenKeys);

        Assert.Equal("Segments: keys", help[0]);
        Assert.Contains(help, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^  S\s+flip the sort$"));
        Assert.True(help.ToList().FindIndex(l => l.Contains("flip the sort", StringComparison.Ordinal)) < help.ToList().FindIndex(l => l.Contains("quit", StringComparison.Ordinal)));
    }
}
