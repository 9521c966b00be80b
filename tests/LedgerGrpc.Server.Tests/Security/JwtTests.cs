using System.Security.Cryptography;
using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// JWT bearer tokens from an identity provider (Access:Jwt): the test is the identity provider, issuing tokens signed
/// with an RSA key, an EC key (both configured as PEM public keys) and a symmetric key; python grpcio calls a real server.
/// </summary>
public sealed class JwtTests
{
    private const string Issuer = "https://idp.example.test";
    private const string Audience = "ledgergrpc";
    private const string ListDimensions = "/ledger.v1.Segments/ListDimensions";
    private const string ListApiKeys = "/ledger.v1.Access/ListApiKeys";

    [Fact]
    public async Task Each_role_claim_works_as_that_role_and_bad_tokens_get_unauthenticated_saying_what_is_wrong()
    {
        using var dir = new TempDirectory("ledgergrpc-jwt");
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = RSA.Create(2048);
        var symmetric = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(dir.File("rsa.pem"), rsa.ExportSubjectPublicKeyInfoPem());
        await File.WriteAllTextAsync(dir.File("ec.pem"), ec.ExportSubjectPublicKeyInfoPem());
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Access:Jwt:Issuer"] = Issuer,
            ["Access:Jwt:Audience"] = Audience,
            ["Access:Jwt:SigningKeys:0"] = Convert.ToBase64String(symmetric),
            ["Access:Jwt:SigningKeyFiles:0"] = dir.File("rsa.pem"),
            ["Access:Jwt:SigningKeyFiles:1"] = dir.File("ec.pem"),
            ["Access:Jwt:RoleMap:ledger-ops"] = "operator",
        });
        var rsaKey = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
        var ecKey = new SigningCredentials(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256);
        var symmetricKey = new SigningCredentials(new SymmetricSecurityKey(symmetric), SecurityAlgorithms.HmacSha256);
        var now = DateTimeOffset.UtcNow;

        var calls = new List<CredentialCall>();
        foreach (var role in LedgerRoles.All)
        {
            var token = Token(rsaKey, "user-" + role, role);
            calls.Add(new($"{role} reads", ListDimensions, token));
            calls.Add(new($"{role} lists keys", ListApiKeys, token));
        }

        calls.AddRange(
        [
            new("ec-signed admin", ListApiKeys, Token(ecKey, "ec-admin", "admin")),
            new("hmac-signed auditor", ListApiKeys, Token(symmetricKey, "hmac-auditor", "auditor")),
            new("mapped idp role", ListApiKeys, Token(rsaKey, "ops-1", "ledger-ops")),
            new("unknown role", ListDimensions, Token(rsaKey, "fin-1", "finance")),
            new("no role", ListDimensions, Token(rsaKey, "nobody", null)),
            new("wrong issuer", ListDimensions, Token(rsaKey, "u", "admin", issuer: "https://evil.example.test")),
            new("wrong audience", ListDimensions, Token(rsaKey, "u", "admin", audience: "someone-else")),
            new("unknown signing key", ListDimensions, Token(new SigningCredentials(new RsaSecurityKey(stranger), SecurityAlgorithms.RsaSha256), "u", "admin")),
            new("expired", ListDimensions, Token(rsaKey, "u", "admin", expires: now.AddHours(-1))),
            new("not a jwt", ListDimensions, "abc.def.ghi"),
            new("api key still works", ListApiKeys, server.AdminKey),
        ]);
        var answers = await CredentialCall.RunAsync(server.Target, dir, calls);

        foreach (var role in LedgerRoles.All)
        {
            Assert.Equal(("OK", ""), answers[$"{role} reads"]);
            var keys = answers[$"{role} lists keys"];
            if (role == LedgerRoles.Admin)
            {
                Assert.Equal(("OK", ""), keys);
            }
            else
            {
                Assert.Equal(("PERMISSION_DENIED", $"ledger.v1.Access/ListApiKeys needs role admin; jwt:user-{role} has role {role}"), keys);
            }
        }

        Assert.Equal(("OK", ""), answers["ec-signed admin"]);
        Assert.Equal("PERMISSION_DENIED", answers["hmac-signed auditor"].Code);
        Assert.EndsWith("jwt:hmac-auditor has role auditor", answers["hmac-signed auditor"].Details);
        Assert.EndsWith("jwt:ops-1 has role operator", answers["mapped idp role"].Details);
        // Identified but no role: PERMISSION_DENIED (not UNAUTHENTICATED: the token itself is good), saying how to map it.
        Assert.Equal(("PERMISSION_DENIED", "ledger.v1.Segments/ListDimensions needs role admin or operator or service or sales or auditor; " +
            "jwt:fin-1 has no LedgerGrpc role: its 'role' claim 'finance' maps to none (LedgerGrpc roles: admin, operator, service, sales, auditor; " +
            "map others with Access:Jwt:RoleMap:<claim>=<role>)"), answers["unknown role"]);
        Assert.Equal("PERMISSION_DENIED", answers["no role"].Code);
        Assert.Contains("jwt:nobody has no LedgerGrpc role: the token has no 'role' claim", answers["no role"].Details);

        AssertUnauthenticated(answers["wrong issuer"], $"the JWT's issuer 'https://evil.example.test' is not the configured issuer '{Issuer}' (Access:Jwt:Issuer)");
        AssertUnauthenticated(answers["wrong audience"], $"the JWT's audience 'someone-else' is not '{Audience}' (Access:Jwt:Audience)");
        AssertUnauthenticated(answers["unknown signing key"], "the JWT's signature does not verify with any configured signing key");
        AssertUnauthenticated(answers["expired"], "the JWT expired at ");
        AssertUnauthenticated(answers["not a jwt"], "the bearer token is neither a LedgerGrpc API key (lgk_...) nor a well-formed JWT");
        Assert.Equal(("OK", ""), answers["api key still works"]);

        // The audit log names the token's subject.
        var asService = new CustomerLedger.CustomerLedgerClient(server.Connect(actor: "alice", key: Token(rsaKey, "crm-backend", "service")));
        var created = await asService.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-jwt", Name = "A", Type = CustomerType.Individual });
        var audit = await new Api.Access.AccessClient(server.Connect()).ListAuditEntriesAsync(new ListAuditEntriesRequest { Action = "CreateCustomer" });
        Assert.Equal(["jwt:crm-backend (for alice)"], audit.Entries.Where(e => e.EntityId == created.Id).Select(e => e.Actor));

        string Token(SigningCredentials key, string subject, string? role, string issuer = Issuer, string audience = Audience, DateTimeOffset? expires = null)
        {
            var claims = new Dictionary<string, object> { ["sub"] = subject };
            if (role is not null)
            {
                claims["role"] = role;
            }

            var end = expires ?? now.AddMinutes(30);
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = claims,
                IssuedAt = end.AddHours(-1).UtcDateTime,
                NotBefore = end.AddHours(-1).UtcDateTime,
                Expires = end.UtcDateTime,
                SigningCredentials = key,
            });
        }
    }

    private static void AssertUnauthenticated((string Code, string Details) answer, string expected)
    {
        Assert.Equal("UNAUTHENTICATED", answer.Code);
        Assert.Contains(expected, answer.Details);
    }
}
