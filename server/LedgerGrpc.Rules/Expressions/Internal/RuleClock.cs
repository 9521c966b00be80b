namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>DateTime.Now / UtcNow / Today and DateTimeOffset.Now / UtcNow as expressions see them: read from the
/// host's <see cref="TimeProvider"/> (the system clock when none), so rules over "now" are testable and agree with the server.</summary>
internal static class RuleClock
{
    public static DateTime Read(TimeProvider? clock, string which)
    {
        clock ??= TimeProvider.System;
        return which switch
        {
            "UtcNow" => clock.GetUtcNow().UtcDateTime,
            "Today" => clock.GetLocalNow().DateTime.Date,
            _ => clock.GetLocalNow().DateTime,
        };
    }

    public static DateTimeOffset ReadOffset(TimeProvider? clock, string which)
    {
        clock ??= TimeProvider.System;
        return which == "UtcNow" ? clock.GetUtcNow() : clock.GetLocalNow();
    }
}
