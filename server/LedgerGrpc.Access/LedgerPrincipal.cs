using System.Security.Claims;

namespace LedgerGrpc.Access;

/// <summary>
/// How every authentication method (API key, JWT, client certificate) describes a caller: a name
/// that says where it came from ("key:ingest", "jwt:alice", "cert:billing-svc") and exactly one role.
/// </summary>
public static class LedgerPrincipal
{
    public const string KeyPrefix = "key:";
    public const string JwtPrefix = "jwt:";
    public const string CertificatePrefix = "cert:";
    public const string RoleClaim = "ledger_role";
    public const string NameClaim = "ledger_name";
    public const string NoRoleClaim = "ledger_no_role";

    /// <summary>
    /// Every caller when Access:DisableAuthentication is on (benchmarks, loopback only): role admin, so handlers that
    /// read the caller work unchanged and x-ledger-actor is ignored as for any non-service principal.
    /// </summary>
    public static ClaimsPrincipal UnauthenticatedBenchmark { get; } =
        Create("unauthenticated-benchmark", LedgerRoles.Admin, "UnauthenticatedBenchmark");

    public static ClaimsPrincipal Create(string name, string role, string authenticationType) =>
        new Known(new ClaimsIdentity([new Claim(NameClaim, name), new Claim(RoleClaim, role)], authenticationType, NameClaim, RoleClaim), name, role);

    /// <summary>
    /// A caller whose identity checked out (a valid token or certificate) but who maps to no LedgerGrpc role: every RPC
    /// refuses it with PERMISSION_DENIED (it is identified, so not UNAUTHENTICATED) quoting <paramref name="why"/>.
    /// </summary>
    public static ClaimsPrincipal CreateWithoutRole(string name, string why, string authenticationType) =>
        new Known(new ClaimsIdentity([new Claim(NameClaim, name), new Claim(NoRoleClaim, why)], authenticationType, NameClaim, RoleClaim), name, null);

    /// <summary>Why an identified caller has no role (see <see cref="CreateWithoutRole"/>), or null.</summary>
    public static string? NoRoleReason(ClaimsPrincipal user) => user.FindFirst(NoRoleClaim)?.Value;

    public static string? Role(ClaimsPrincipal user) => user is Known known ? known.Role : user.FindFirst(RoleClaim)?.Value;

    public static string? Name(ClaimsPrincipal user) => user is Known known ? known.Name : user.FindFirst(NameClaim)?.Value;

    /// <summary>Whether <paramref name="user"/> was authenticated (has an identity with an authentication type).</summary>
    public static bool IsAuthenticated(ClaimsPrincipal user) => user is Known known ? known.Authenticated : user.Identity?.IsAuthenticated == true;

    // What every call asks of a principal made here, read from fields: ClaimsPrincipal.FindFirst and Identity allocate
    // enumerators over identities and claims on each use, several times per call (issue 17 §6). The claims stay as they
    // are for everyone else; a principal made elsewhere (or a copy) is read through its claims.
    private sealed class Known(ClaimsIdentity identity, string name, string? role) : ClaimsPrincipal(identity)
    {
        public string Name { get; } = name;

        public string? Role { get; } = role;

        public bool Authenticated { get; } = identity.IsAuthenticated;
    }

    /// <summary>
    /// The actor recorded in the audit log, workflow versions, overrides and history: the principal,
    /// or "principal (for person)" when a service key passes x-ledger-actor. Any other role's
    /// x-ledger-actor is ignored: only services are trusted to say whom they act for.
    /// </summary>
    public static string Actor(ClaimsPrincipal user, string? onBehalfOf)
    {
        var name = Name(user) ?? "anonymous";
        if (string.IsNullOrWhiteSpace(onBehalfOf) || Role(user) != LedgerRoles.Service)
        {
            return name;
        }

        return $"{name} (for {Sanitise(onBehalfOf)})";
    }

    // The header is caller input: bound it and drop control characters before it lands in the log.
    private static string Sanitise(string value)
    {
        const int max = 100;
        var trimmed = value.Trim();
        var chars = trimmed.Length > max ? trimmed.AsSpan(0, max) : trimmed.AsSpan();
        return string.Create(chars.Length, chars.ToString(), static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }
}
