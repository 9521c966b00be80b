namespace LedgerGrpc.Server.Health;

/// <summary>
/// Remembers a health check's last result so that it logs a change once. The framework's own line per probe is
/// filtered out (<see cref="LedgerHealthServiceExtensions"/>): a minutes-long load at start, or a database that stays
/// down, would otherwise write an error line for every probe of every client.
/// </summary>
internal sealed class HealthChange
{
    private const int Unknown = -1;
    private int _healthy = Unknown;

    /// <summary>Records <paramref name="healthy"/>; true when it differs from the last result (the first result
    /// counts as a change only when unhealthy: a server that starts healthy says nothing).</summary>
    public bool Record(bool healthy)
    {
        var now = healthy ? 1 : 0;
        var before = Interlocked.Exchange(ref _healthy, now);
        return before == Unknown ? !healthy : before != now;
    }
}
