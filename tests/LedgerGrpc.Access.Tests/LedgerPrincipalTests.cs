using System.Security.Claims;

namespace LedgerGrpc.Access.Tests;

/// <summary>A principal's name and role read the same from the fields LedgerPrincipal keeps and from the claims.</summary>
public sealed class LedgerPrincipalTests
{
    [Fact]
    public void Name_role_and_authentication_read_the_same_from_a_made_principal_and_from_a_copy_of_its_claims()
    {
        var made = LedgerPrincipal.Create("key:ingest", LedgerRoles.Service, "ApiKey");
        var copy = made.Clone(); // a plain ClaimsPrincipal: read through its claims

        foreach (var user in new[] { made, copy })
        {
            Assert.Equal("key:ingest", LedgerPrincipal.Name(user));
            Assert.Equal(LedgerRoles.Service, LedgerPrincipal.Role(user));
            Assert.True(LedgerPrincipal.IsAuthenticated(user));
            Assert.Equal("key:ingest (for alice)", LedgerPrincipal.Actor(user, "alice"));
        }

        Assert.Equal(LedgerRoles.Service, made.FindFirst(LedgerPrincipal.RoleClaim)?.Value);
        Assert.True(made.IsInRole(LedgerRoles.Service));
    }

    [Fact]
    public void A_principal_without_a_role_has_none_and_an_anonymous_one_is_not_authenticated()
    {
        var roleless = LedgerPrincipal.CreateWithoutRole("jwt:bob", "no role claim", "Bearer");
        Assert.Null(LedgerPrincipal.Role(roleless));
        Assert.Equal("jwt:bob", LedgerPrincipal.Name(roleless));
        Assert.Equal("no role claim", LedgerPrincipal.NoRoleReason(roleless));
        Assert.True(LedgerPrincipal.IsAuthenticated(roleless));

        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.False(LedgerPrincipal.IsAuthenticated(anonymous));
        Assert.Null(LedgerPrincipal.Role(anonymous));
    }
}
