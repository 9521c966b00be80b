using System.Collections.Frozen;
using System.Security.Cryptography;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Access.Keys;

/// <summary>
/// Every API key in memory, swapped whole on change, so checking a key costs a dictionary lookup,
/// one SHA-256 and a constant-time compare (after a key's first success, only the compare: see
/// <see cref="CachedKey"/>), and never touches SQLite. Changes made through
/// <see cref="ApiKeyManager"/> are reloaded before the call returns (revocation takes effect at
/// once); changes made by another process (the CLI) are picked up by <see cref="ApiKeyRefresher"/>.
/// </summary>
public sealed class ApiKeyCache(LedgerReader reader, TimeProvider clock)
{
    private volatile FrozenDictionary<string, CachedKey> _keys = FrozenDictionary<string, CachedKey>.Empty;
    private readonly SemaphoreSlim _reload = new(1, 1);

    public int Count => _keys.Count;

    public ApiKeyCheck Check(ReadOnlySpan<char> presented, out CachedKey? key)
    {
        key = null;
        if (!ApiKeySecret.TryParse(presented, out var keyId, out var secret))
        {
            return ApiKeyCheck.Malformed;
        }

        if (!_keys.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(keyId, out var found))
        {
            return ApiKeyCheck.Unknown;
        }

        if (!found.IsProvenSecret(secret))
        {
            Span<byte> hash = stackalloc byte[32];
            if (!ApiKeySecret.Hash(secret, hash) || !CryptographicOperations.FixedTimeEquals(hash, found.SecretHash))
            {
                return ApiKeyCheck.Unknown;
            }

            found.Proven(secret);
        }

        key = found;
        if (found.Revoked)
        {
            return ApiKeyCheck.Revoked;
        }

        return found.ExpiresAt is { } expires && expires <= clock.GetUtcNow() ? ApiKeyCheck.Expired : ApiKeyCheck.Valid;
    }

    /// <summary>Rereads every key (a handful of rows) and swaps the table.</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await _reload.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var keys = await reader.ListApiKeysAsync(ct).ConfigureAwait(false);
            Load(keys);
        }
        finally
        {
            _reload.Release();
        }
    }

    internal void Load(IEnumerable<ApiKey> keys) =>
        _keys = keys.ToFrozenDictionary(k => k.KeyId, k => new CachedKey(k), StringComparer.Ordinal);
}
