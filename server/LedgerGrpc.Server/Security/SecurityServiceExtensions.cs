using Grpc.AspNetCore.Server;
using LedgerGrpc.Access;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Server.Identity;
using LedgerGrpc.Server.Services.Access;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace LedgerGrpc.Server.Security;

/// <summary>
/// Authentication, authorization, rate limits and field-level protection for the whole server (see
/// docs/security.md). Register after AddLedgerGrpc: the caller seam then takes the authenticated principal.
/// </summary>
public static class SecurityServiceExtensions
{
    public static IServiceCollection AddLedgerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLedgerAccess(configuration);
        services.AddSingleton<ICallerResolver, PrincipalCallerResolver>();
        services.AddSingleton<LedgerGrpc.Ledger.AuditTrail>();
        if (!UnauthenticatedBenchmarkMode.Enabled(configuration))
        {
            // Nobody is a sales principal when authentication is off (benchmarks): nothing to filter.
            // A singleton: Grpc.AspNetCore would otherwise construct the interceptor for every call.
            services.AddSingleton<FinancialFieldInterceptor>();
            services.Configure<GrpcServiceOptions>(o => FinancialFieldInterceptor.TakeCallersPlace(o.Interceptors));
        }

        if (configuration.GetSection("Access:ClientCertificates").Get<CertificateAccessOptions>() is { Enabled: true })
        {
            // Kestrel asks for a certificate but accepts any: the certificate handler checks the chain
            // against Access:ClientCertificates:TrustedCaFile and maps the subject to a role.
            services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        }

        return services;
    }

    /// <summary>The middleware (authentication, then authorization, then per-principal limits) and the Access service.</summary>
    public static WebApplication UseLedgerSecurity(this WebApplication app)
    {
        if (UnauthenticatedBenchmarkMode.Enabled(app.Configuration))
        {
            app.UseUnauthenticatedCallers();
        }
        else
        {
            app.UseAuthentication();
            app.UseAuthorization();
            if (LedgerRateLimits.Enabled(app.Configuration))
            {
                app.UseRateLimiter();
            }
        }

        app.MapGrpcService<AccessService>();
        return app;
    }
}
