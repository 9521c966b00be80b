using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Marks a key revoked (kept for the record) and audits it; revoking twice is a no-op.</summary>
public sealed class RevokeApiKey(string keyName) : LedgerCommand<ApiKey>
{
    public override string Name => "RevokeApiKey";

    public override void Validate(LedgerOptions options) => ApiKeyNames.Check(keyName);

    internal override ApiKey Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        var key = db.ApiKeys.SingleOrDefault(k => k.Name == keyName)
            ?? throw new LedgerException(LedgerErrorCode.NotFound, $"no API key is named '{Quote.Short(keyName)}'");
        if (key.RevokedAt is not null)
        {
            db.ChangeTracker.Clear();
            return key;
        }

        var before = ApiKeyNames.Describe(key);
        key.RevokedAt = session.Now;
        key.RevokedBy = session.Actor;
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.AuditNamed(Name, nameof(ApiKey), key.Name, key.Id, null, before, ApiKeyNames.Describe(key));
        return key;
    }
}
