using LedgerGrpc.AdminTui.Formatting;

namespace LedgerGrpc.AdminTui.Tests.Formatting;

public sealed class FormatTests
{
    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(123456, "1,234.56")]
    [InlineData(-100, "-1.00")]
    [InlineData(long.MinValue, "-92,233,720,368,547,758.08")]
    public void Money_is_minor_units_as_an_exact_decimal(long minor, string expected) => Assert.Equal(expected, Format.Money(minor));

    [Fact]
    public void Share_of_nothing_is_zero_not_a_division_error()
    {
        Assert.Equal("0.0%", Format.Share(5, 0));
        Assert.Equal("33.3%", Format.Share(1, 3));
    }

    [Fact]
    public void Chinese_text_counts_two_columns_a_character_when_fitted_and_padded()
    {
        Assert.Equal(8, Format.Columns("孙芳ab12"));
        Assert.Equal("成都正…", Format.Fit("成都正道科技股份有限公司", 7));
        Assert.Equal(7, Format.Columns(Format.Fit("成都正道科技股份有限公司", 7)));
        Assert.Equal("赵涛    ", Format.PadFit("赵涛", 8));
        Assert.Equal("    赵涛", Format.PadFitLeft("赵涛", 8));
    }

    [Fact]
    public void Fit_leaves_short_text_alone_and_marks_a_cut()
    {
        Assert.Equal("value_tier", Format.Fit("value_tier", 10));
        Assert.Equal("value_ti…", Format.Fit("value_tier", 9));
        Assert.Equal("", Format.Fit("x", 0));
    }
}
