using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        // With API keys alone there is nothing to choose: the key handler is the default scheme, one handler per call
        // instead of two (the policy scheme forwards, which costs a second handler and result per call).
        var apiKeysOnly = !options.Jwt.Enabled && !options.ClientCertificates.Enabled;
        services.AddTransient<ApiKeyAuthenticationHandler>();
        var builder = services.AddAuthentication(o =>
        {
            o.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationType, null);
            o.DefaultScheme = apiKeysOnly ? ApiKeyDefaults.AuthenticationType : Scheme;
        });
        // The framework's services with less per-call work on the API-key path (issue 17 §6); the behaviour is theirs.
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, CachingSchemeProvider>());
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationHandlerProvider, RequestHandlerProvider>());
        LedgerAuthenticationService.Register(services);
        if (apiKeysOnly)
        {
            return builder;
        }

        builder.AddPolicyScheme(Scheme, "LedgerGrpc callers", o => o.ForwardDefaultSelector = context => Select(context, options));
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
        keys.AddRange(jwt.SigningKeyFiles.Select(file => LoadPublicKey(File.ReadAllText(file), file)));

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
                if (principal.FindFirst(jwt.NameClaim)?.Value is not { Length: > 0 } subject)
                {
                    context.Fail($"the token has no '{jwt.NameClaim}' claim to name the caller (Access:Jwt:NameClaim)");
                    return Task.CompletedTask;
                }

                var name = LedgerPrincipal.JwtPrefix + Quote.Short(subject, 100);
                var claimed = principal.FindAll(jwt.RoleClaim).Select(c => c.Value).ToList();
                context.Principal = claimed.Select(c => MapRole(c, jwt)).FirstOrDefault(r => r is not null) is { } role
                    ? LedgerPrincipal.Create(name, role, JwtBearerDefaults.AuthenticationScheme)
                    : LedgerPrincipal.CreateWithoutRole(name, claimed.Count == 0
                        ? $"the token has no '{jwt.RoleClaim}' claim (Access:Jwt:RoleClaim)"
                        : $"its '{jwt.RoleClaim}' claim {string.Join(", ", claimed.Take(5).Select(c => $"'{Quote.Short(c)}'"))} maps to none " +
                          $"(LedgerGrpc roles: {string.Join(", ", LedgerRoles.All)}; map others with Access:Jwt:RoleMap:<claim>=<role>)",
                        JwtBearerDefaults.AuthenticationScheme);
                return Task.CompletedTask;
            },
            // IdentityModel's own messages are codes with the details hidden; say what to fix instead.
            OnAuthenticationFailed = context =>
            {
                context.Fail(JwtFailure.Describe(context.Exception, BearerToken.TryGet(context.Request, out var token) ? token.ToString() : "", jwt));
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
                var commonName = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, false);
                var name = LedgerPrincipal.CertificatePrefix + Quote.Short(commonName, 100);
                // Trusted (it chains to the configured CA), so identified: an unmapped name is PERMISSION_DENIED.
                context.Principal = certificates.Roles.TryGetValue(commonName, out var configured) && LedgerRoles.Parse(configured) is { } role
                    ? LedgerPrincipal.Create(name, role, CertificateAuthenticationDefaults.AuthenticationScheme)
                    : LedgerPrincipal.CreateWithoutRole(name,
                        "its subject CN is not mapped to a role (Access:ClientCertificates:Roles:<CN>=<role>)", CertificateAuthenticationDefaults.AuthenticationScheme);
                context.Success();
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                context.Fail("the client certificate does not chain to the CA in Access:ClientCertificates:TrustedCaFile, has expired, " +
                    "or is not for client authentication");
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

    // "BEGIN PUBLIC KEY" says nothing about the algorithm: RSA, else EC.
    private static SecurityKey LoadPublicKey(string pem, string file)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
            throw new InvalidOperationException($"Access:Jwt:SigningKeyFiles: {file} holds no RSA or EC public key in PEM", e);
        }
    }
}
