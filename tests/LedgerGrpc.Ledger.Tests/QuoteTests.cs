namespace LedgerGrpc.Ledger.Tests;

public sealed class QuoteTests
{
    [Fact]
    public void Long_input_is_cut_to_a_short_escaped_prefix_that_says_how_long_it_was()
    {
        var quoted = Quote.Short(new string('X', 100_000));
        Assert.Equal(new string('X', Quote.MaxChars) + "... (100000 chars)", quoted);
    }

    [Fact]
    public void Control_and_non_ascii_characters_are_escaped() =>
        Assert.Equal("a\\u000ab\\u4e2d\\\\", Quote.Short("a\nb中\\"));
}
