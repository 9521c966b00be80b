namespace LedgerGrpc.Access;

/// <summary>Optional JWT bearer tokens from an identity provider ("Access:Jwt").</summary>
public sealed class JwtAccessOptions
{
    /// <summary>Expected issuer; JWT is off while this is empty.</summary>
    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>Symmetric signing keys (base64) the tokens may be signed with.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>PEM files of RSA or EC public keys the tokens may be signed with.</summary>
    public List<string> SigningKeyFiles { get; set; } = [];

    /// <summary>The claim that carries the caller's role at the identity provider.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Identity-provider role → LedgerGrpc role; a role listed in neither is refused. LedgerGrpc role names map to themselves.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The claim naming the caller in the audit log.</summary>
    public string NameClaim { get; set; } = "sub";

    public bool Enabled => Issuer.Length > 0;
}
