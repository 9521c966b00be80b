using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>Key-name rules and the key's audit snapshot (which never includes the hash).</summary>
internal static class ApiKeyNames
{
    public static void Check(string? name)
    {
        Internal.Check.Required(name, "name", Commands.CreateApiKey.MaxNameLength);
        foreach (var c in name!)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
            {
                throw LedgerException.Invalid("name", "may contain only ASCII letters, digits and - _ . @");
            }
        }
    }

    public static string Describe(ApiKey key) => LedgerWriteSession.ToJson(new Dictionary<string, string?>
    {
        ["name"] = key.Name,
        ["role"] = key.Role,
        ["expires_at"] = key.ExpiresAt?.ToString("O"),
        ["revoked_at"] = key.RevokedAt?.ToString("O"),
    })!;
}
