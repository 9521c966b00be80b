using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Access.Keys;

/// <summary>
/// Creates, lists and revokes keys: the hash goes through the ledger's writer (stored and audited in
/// one transaction), then the cache is reloaded before returning, so a revoked key fails its very
/// next call.
/// </summary>
public sealed class ApiKeyManager(LedgerWriter writer, LedgerReader reader, ApiKeyCache cache)
{
    public async Task<CreatedApiKey> CreateAsync(string name, string role, DateTimeOffset? expiresAt, string actor, CancellationToken ct = default)
    {
        var canonicalRole = LedgerRoles.Parse(role)
            ?? throw LedgerException.Invalid("role", $"must be one of {string.Join(", ", LedgerRoles.All)} (got '{Quote.Short(role)}')");
        var (key, keyId, hash) = ApiKeySecret.Generate();
        var record = await writer.ExecuteAsync(new CreateApiKey
        {
            KeyName = name,
            KeyId = keyId,
            SecretHash = hash,
            Role = canonicalRole,
            ExpiresAt = expiresAt?.UtcDateTime,
        }, actor).ConfigureAwait(false);
        await cache.ReloadAsync(ct).ConfigureAwait(false);
        return new CreatedApiKey(key, record);
    }

    public async Task<ApiKey> RevokeAsync(string name, string actor, CancellationToken ct = default)
    {
        var record = await writer.ExecuteAsync(new RevokeApiKey(name), actor).ConfigureAwait(false);
        await cache.ReloadAsync(ct).ConfigureAwait(false);
        return record;
    }

    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct = default) => reader.ListApiKeysAsync(ct);
}
