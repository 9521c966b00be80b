namespace LedgerGrpc.Classification.Storage;

/// <summary>Classification tables keep instants as Unix milliseconds (UTC).</summary>
public static class UnixTime
{
    public static long ToMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
