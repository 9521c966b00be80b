using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using LedgerGrpc.Access.Authentication;
using Microsoft.AspNetCore.Authentication;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Access.Keys;

/// <summary>
/// A stored key as the hot path sees it, with the principal and the authentication result built once per key (calls
/// share them; nothing mutates them after construction). A revocation or a change reloads the cache with new
/// <see cref="CachedKey"/> objects, so a shared result never outlives the key state it was built from.
/// </summary>
public sealed class CachedKey
{
    public CachedKey(ApiKey key)
    {
        Name = key.Name;
        Role = key.Role;
        SecretHash = key.SecretHash;
        ExpiresAt = key.ExpiresAt is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : null;
        Revoked = key.RevokedAt is not null;
        Principal = LedgerPrincipal.Create(LedgerPrincipal.KeyPrefix + key.Name, key.Role, ApiKeyDefaults.AuthenticationType);
        Authenticated = new SharedAuthenticateResult(new AuthenticationTicket(Principal, ApiKeyDefaults.AuthenticationType)).Completed;
    }

    /// <summary>The handler's result for this key, completed once and shared by every call.</summary>
    public Task<AuthenticateResult> Authenticated { get; }

    public string Name { get; }

    public string Role { get; }

    public byte[] SecretHash { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public bool Revoked { get; }

    public ClaimsPrincipal Principal { get; }

    // The secret of this key as last presented and proven against SecretHash, kept in this process's memory only (the
    // ledger stores the hash alone; the same secret is in every request's headers anyway). A call that presents it again
    // is checked by a constant-time compare instead of a SHA-256: through OpenSSL the hash costs ~0.6 µs of CPU, a
    // sizeable part of issue 17 §6's 3% budget per RecordTransaction. Any other secret still takes the hash.
    private volatile string? _provenSecret;

    internal bool IsProvenSecret(ReadOnlySpan<char> secret) =>
        _provenSecret is { } proven && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(proven.AsSpan()), MemoryMarshal.AsBytes(secret));

    internal void Proven(ReadOnlySpan<char> secret) => _provenSecret = secret.ToString();
}
