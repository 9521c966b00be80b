using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// The authentication schemes: API keys always; JWT bearer and client certificates when configured.
/// One policy scheme picks per call: a bearer token that looks like an API key goes to the key
/// handler, any other bearer token to JWT, no bearer token but a client certificate to the
/// certificate handler.
/// </summary>
public static class LedgerAuthentication
{
    public const string Scheme = "LedgerGrpc";

    public static AuthenticationBuilder AddLedgerAuthentication(this IServiceCollection services, AccessOptions options)
    {
        var builder = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "LedgerGrpc callers", o => o.ForwardDefaultSelector = context => Select(context, options))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationType, null);
        if (options.Jwt.Enabled)
        {
            builder.AddJwtBearer(o => ConfigureJwt(o, options.Jwt));
        }

        if (options.ClientCertificates.Enabled)
        {
            builder.AddCertificate(o => ConfigureCertificates(o, options.ClientCertificates));
        }

        return builder;
    }

    private static string Select(HttpContext context, AccessOptions options)
    {
        if (BearerToken.TryGet(context.Request, out var token))
        {
            return options.Jwt.Enabled && !token.StartsWith(ApiKeySecret.Prefix, StringComparison.Ordinal)
                ? JwtBearerDefaults.AuthenticationScheme
                : ApiKeyDefaults.AuthenticationType;
        }

        return options.ClientCertificates.Enabled && context.Connection.ClientCertificate is not null
            ? CertificateAuthenticationDefaults.AuthenticationScheme
            : ApiKeyDefaults.AuthenticationType;
    }

    private static void ConfigureJwt(JwtBearerOptions o, JwtAccessOptions jwt)
    {
        o.MapInboundClaims = false;
        var keys = new List<SecurityKey>();
        keys.AddRange(jwt.SigningKeys.Select(k => new SymmetricSecurityKey(Convert.FromBase64String(k))));
        foreach (var file in jwt.SigningKeyFiles)
        {
            var pem = File.ReadAllText(file);
            keys.Add(pem.Contains("EC PUBLIC", StringComparison.Ordinal) || pem.Contains("EC PRIVATE", StringComparison.Ordinal)
                ? new ECDsaSecurityKey(LoadEc(pem))
                : new RsaSecurityKey(LoadRsa(pem)));
        }

        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            ValidateAudience = jwt.Audience.Length > 0,
            IssuerSigningKeys = keys,
            NameClaimType = jwt.NameClaim,
            RoleClaimType = jwt.RoleClaim,
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var name = principal.FindFirst(jwt.NameClaim)?.Value;
                var role = principal.FindAll(jwt.RoleClaim).Select(c => MapRole(c.Value, jwt)).FirstOrDefault(r => r is not null);
                if (string.IsNullOrEmpty(name) || role is null)
                {
                    context.Fail($"the token needs a '{jwt.NameClaim}' claim and a '{jwt.RoleClaim}' claim mapped to a LedgerGrpc role");
                    return Task.CompletedTask;
                }

                context.Principal = LedgerPrincipal.Create(LedgerPrincipal.JwtPrefix + name, role, JwtBearerDefaults.AuthenticationScheme);
                return Task.CompletedTask;
            },
        };
    }

    private static string? MapRole(string idpRole, JwtAccessOptions jwt) =>
        jwt.RoleMap.TryGetValue(idpRole, out var mapped) ? LedgerRoles.Parse(mapped) : LedgerRoles.IsRole(idpRole) ? idpRole : null;

    private static void ConfigureCertificates(CertificateAuthenticationOptions o, CertificateAccessOptions certificates)
    {
        o.AllowedCertificateTypes = CertificateTypes.Chained;
        o.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        o.CustomTrustStore.AddRange(LoadPemCertificates(certificates.TrustedCaFile));
        o.RevocationMode = X509RevocationMode.NoCheck;
        o.ValidateCertificateUse = true;
        o.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = context =>
            {
                var name = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, false);
                if (!certificates.Roles.TryGetValue(name, out var configured) || LedgerRoles.Parse(configured) is not { } role)
                {
                    context.Fail($"client certificate '{Quote.Short(name)}' is not mapped to a role (Access:ClientCertificates:Roles)");
                    return Task.CompletedTask;
                }

                context.Principal = LedgerPrincipal.Create(LedgerPrincipal.CertificatePrefix + name, role, CertificateAuthenticationDefaults.AuthenticationScheme);
                context.Success();
                return Task.CompletedTask;
            },
        };
    }

    private static X509Certificate2Collection LoadPemCertificates(string file)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(file);
        return collection;
    }

    private static RSA LoadRsa(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    private static ECDsa LoadEc(string pem)
    {
        var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        return ec;
    }
}
