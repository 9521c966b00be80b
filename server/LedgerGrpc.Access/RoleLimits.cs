namespace LedgerGrpc.Access;

/// <summary>One role's per-principal limits; 0 means unlimited.</summary>
public sealed class RoleLimits
{
    /// <summary>Sustained calls per second per principal (token bucket refill).</summary>
    public int CallsPerSecond { get; set; }

    /// <summary>Calls a principal may make at once above the sustained rate (bucket size); default: one second's worth.</summary>
    public int Burst { get; set; }

    /// <summary>Calls (including open streams) a principal may have in flight.</summary>
    public int MaxConcurrentCalls { get; set; }
}
