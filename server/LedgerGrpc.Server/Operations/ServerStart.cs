namespace LedgerGrpc.Server.Operations;

/// <summary>When this server started (its host was built), for uptime.</summary>
public sealed class ServerStart(TimeProvider time)
{
    public DateTimeOffset At { get; } = time.GetUtcNow();
}
