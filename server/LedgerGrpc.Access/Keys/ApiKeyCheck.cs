namespace LedgerGrpc.Access.Keys;

/// <summary>The outcome of presenting a key.</summary>
public enum ApiKeyCheck
{
    Valid,
    Malformed,
    Unknown,
    Expired,
    Revoked,
}
