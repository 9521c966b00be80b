using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>
/// Stores a new API key's hash (the key itself is generated and shown by the caller, never stored)
/// and audits its creation in the same transaction. Names are unique: ALREADY_EXISTS otherwise.
/// </summary>
public sealed class CreateApiKey : LedgerCommand<ApiKey>
{
    public const int MaxNameLength = 64;

    public required string KeyName { get; init; }

    public required string KeyId { get; init; }

    public required byte[] SecretHash { get; init; }

    public required string Role { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public override string Name => "CreateApiKey";

    public override void Validate(LedgerOptions options)
    {
        ApiKeyNames.Check(KeyName);
        Check.Required(KeyId, "key_id", 64);
        Check.Required(Role, "role", 32);
        if (SecretHash.Length != 32)
        {
            throw LedgerException.Invalid("secret_hash", "must be a SHA-256 hash (32 bytes)");
        }
    }

    internal override ApiKey Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        if (ExpiresAt is { } expires && expires <= session.Now)
        {
            throw LedgerException.Invalid("expires", $"{expires:O} is not in the future");
        }

        if (db.ApiKeys.AsNoTracking().Any(k => k.Name == KeyName))
        {
            throw new LedgerException(LedgerErrorCode.AlreadyExists, $"an API key named '{Quote.Short(KeyName)}' already exists (names stay taken after revocation)");
        }

        var key = new ApiKey
        {
            Name = KeyName,
            KeyId = KeyId,
            SecretHash = SecretHash,
            Role = Role,
            CreatedAt = session.Now,
            CreatedBy = session.Actor,
            ExpiresAt = ExpiresAt,
        };
        db.ApiKeys.Add(key);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.AuditNamed(Name, nameof(ApiKey), key.Name, key.Id, null, null, ApiKeyNames.Describe(key));
        return key;
    }
}
