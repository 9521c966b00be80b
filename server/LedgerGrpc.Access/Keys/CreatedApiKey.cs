using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Access.Keys;

/// <summary>A new key: the secret <see cref="Key"/> exists only here and is shown once.</summary>
public sealed record CreatedApiKey(string Key, ApiKey Record);
