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
            // DateTime.Now and Today are Local, as the BCL's are (a DateTimeOffset's DateTime is Unspecified).
            "Today" => DateTime.SpecifyKind(clock.GetLocalNow().DateTime.Date, DateTimeKind.Local),
            _ => DateTime.SpecifyKind(clock.GetLocalNow().DateTime, DateTimeKind.Local),
        };
    }

    public static DateTimeOffset ReadOffset(TimeProvider? clock, string which)
    {
        clock ??= TimeProvider.System;
        return which == "UtcNow" ? clock.GetUtcNow() : clock.GetLocalNow();
    }
}
