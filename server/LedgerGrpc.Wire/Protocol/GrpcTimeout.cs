using System.Globalization;

namespace LedgerGrpc.Wire.Protocol;

/// <summary>
/// The grpc-timeout header: 1 to 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    public const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    // Finest unit first: Format picks the finest unit whose value fits in eight digits, so the
    // sent timeout is as precise as the header allows.
    private static readonly (char Unit, long Ticks)[] Units =
    [
        ('n', 0), // nanoseconds are finer than a tick; handled separately
        ('u', 10),
        ('m', TimeSpan.TicksPerMillisecond),
        ('S', TimeSpan.TicksPerSecond),
        ('M', TimeSpan.TicksPerMinute),
        ('H', TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses a grpc-timeout value; false for anything the specification does not allow.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        var digits = value[..^1];
        long amount = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = amount * 10 + (c - '0');
        }

        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = amount * TimeSpan.TicksPerHour; break;
            case 'M': ticks = amount * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = amount * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = amount * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = amount * 10; break;
            // A tick is 100ns; round up so a 1n timeout is not a zero (already expired) timeout.
            case 'n': ticks = (amount + 99) / 100; break;
            default: return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Formats a timeout in the finest unit that fits eight digits, rounding up.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = timeout.Ticks;
        if (ticks <= 0)
        {
            // Already expired: the smallest positive timeout lets the peer fail it at once.
            return "1n";
        }

        if (ticks <= MaxValue / 100)
        {
            return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "n";
        }

        for (var i = 1; i < Units.Length; i++)
        {
            var unitTicks = Units[i].Ticks;
            var amount = ticks / unitTicks + (ticks % unitTicks == 0 ? 0 : 1);
            if (amount <= MaxValue)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + Units[i].Unit;
            }
        }

        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
