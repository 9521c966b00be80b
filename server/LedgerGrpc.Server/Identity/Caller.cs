namespace LedgerGrpc.Server.Identity;

/// <summary>Who is making a call, as recorded in the audit log, workflow versions, overrides and history.</summary>
public sealed record Caller(string Actor)
{
    public static readonly Caller Anonymous = new("anonymous");
}
