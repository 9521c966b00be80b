using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("2H", 2 * TimeSpan.TicksPerHour)]
    [InlineData("3M", 3 * TimeSpan.TicksPerMinute)]
    [InlineData("10S", 10 * TimeSpan.TicksPerSecond)]
    [InlineData("250m", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1500u", 15_000)]
    [InlineData("1000n", 10)]
    [InlineData("1n", 1)] // rounded up to one tick: never an instant expiry
    [InlineData("99999999S", 99_999_999 * TimeSpan.TicksPerSecond)]
    [InlineData("0m", 0)]
    public void Parses_every_unit(string header, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10X")]
    [InlineData("-1S")]
    [InlineData("123456789S")] // nine digits
    [InlineData("1 S")]
    public void Rejects_malformed_values(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(0.000_5, "500000n")]
    [InlineData(1.5, "1500000u")]
    [InlineData(3600.0, "3600000m")]
    [InlineData(86_400.0 * 3, "259200S")]
    [InlineData(86_400.0 * 365 * 20, "10512000M")]
    public void Formats_in_the_finest_unit_that_fits(double seconds, string expected) =>
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Format_rounds_up_and_round_trips()
    {
        foreach (var ticks in new long[] { 1, 7, 999_999, 1_000_001, 123_456_789_123, TimeSpan.TicksPerDay * 400 })
        {
            var header = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));
            Assert.True(GrpcTimeout.TryParse(header, out var parsed), header);
            Assert.True(parsed.Ticks >= ticks, $"{header} must not shorten {ticks} ticks");
            Assert.True(header.Length <= 9, header);
        }
    }

    [Fact]
    public void Expired_timeout_formats_as_the_smallest_positive_value() =>
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-3)));
}
