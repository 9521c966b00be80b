using System.Diagnostics.Metrics;

namespace LedgerGrpc.Access;

/// <summary>
/// Access control's meter (System.Diagnostics: nothing is recorded unless a listener, such as the server's
/// OpenTelemetry set-up, subscribes): calls refused before they reach gRPC, by reason, the figure to alert on for a
/// leaked or revoked key, a misconfigured role or a caller over its rate limit. Their details (caller, RPC) go to the
/// audit log's "RefusedCalls" summary.
/// </summary>
public static class AccessTelemetry
{
    public const string Name = "LedgerGrpc.Access";

    private static readonly Meter Meter = new(Name);

    /// <summary>Tagged "reason": "no credentials", "bad credentials", "permission denied" or "rate limited" (a few fixed
    /// values whatever callers send, so the series stay bounded).</summary>
    internal static readonly Counter<long> CallsRefused = Meter.CreateCounter<long>(
        "access.calls.refused", "{call}", "Calls refused before reaching gRPC: UNAUTHENTICATED, PERMISSION_DENIED or RESOURCE_EXHAUSTED, by reason.");
}
