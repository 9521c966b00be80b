using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Protocol;

public sealed class PercentEncodingTests
{
    private const string Special = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    [Fact]
    public void Encodes_control_characters_percent_and_utf8_bytes()
    {
        Assert.Equal("%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A", PercentEncoding.Encode(Special));
        Assert.Equal("100%25 done", PercentEncoding.Encode("100% done"));
    }

    [Fact]
    public void Plain_ascii_is_returned_unchanged()
    {
        const string plain = "Invalid argument: amount must be positive (got -5).";
        Assert.Same(plain, PercentEncoding.Encode(plain));
        Assert.Same(plain, PercentEncoding.Decode(plain));
    }

    [Fact]
    public void Round_trips_the_interop_special_message() =>
        Assert.Equal(Special, PercentEncoding.Decode(PercentEncoding.Encode(Special)));

    [Theory]
    [InlineData("%e2%98%ba", "☺")] // lower-case hex is accepted
    [InlineData("50%", "50%")] // truncated escape kept as is
    [InlineData("%zz!", "%zz!")] // non-hex escape kept as is
    [InlineData("%FF", "\uFFFD")] // invalid UTF-8 becomes the replacement character
    public void Decoding_never_fails(string encoded, string expected) =>
        Assert.Equal(expected, PercentEncoding.Decode(encoded));
}
