namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// A DateTime as the text Microsoft.Data.Sqlite (and so EF Core) stores: "yyyy-MM-dd HH:mm:ss.FFFFFFF"
/// (the fraction without trailing zeros, and without the dot when it is zero), written straight as UTF-8.
/// The general custom-format path cost more per call than the insert it fed.
/// </summary>
internal static class SqliteDateTime
{
    public const int MaxLength = 27; // "yyyy-MM-dd HH:mm:ss.fffffff"

    /// <summary>Writes <paramref name="value"/> into <paramref name="utf8"/> (at least <see cref="MaxLength"/> bytes); the bytes written.</summary>
    public static int Format(DateTime value, Span<byte> utf8)
    {
        var d = utf8[..MaxLength];
        Digits(d[..4], value.Year);
        d[4] = (byte)'-';
        Digits(d.Slice(5, 2), value.Month);
        d[7] = (byte)'-';
        Digits(d.Slice(8, 2), value.Day);
        d[10] = (byte)' ';
        Digits(d.Slice(11, 2), value.Hour);
        d[13] = (byte)':';
        Digits(d.Slice(14, 2), value.Minute);
        d[16] = (byte)':';
        Digits(d.Slice(17, 2), value.Second);
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0)
        {
            return 19;
        }

        d[19] = (byte)'.';
        Digits(d.Slice(20, 7), fraction);
        var length = MaxLength;
        while (d[length - 1] == (byte)'0')
        {
            length--;
        }

        return length;
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
