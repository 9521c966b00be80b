using LedgerGrpc.AdminTui.Formatting;

namespace LedgerGrpc.AdminTui.Tests.Formatting;

public sealed class SparklineTests
{
    [Fact]
    public void Levels_scale_to_the_maximum_and_the_newest_values_are_kept()
    {
        Assert.Equal("▁▄█", Sparkline.Render([1, 4, 8], 3));
        Assert.Equal("  ▄█", Sparkline.Render([4, 8], 4));
        Assert.Equal("▄█", Sparkline.Render([100, 4, 8], 2));
        Assert.Equal(" █", Sparkline.Render([0, 3], 2));
    }
}
