using System.Net;
using LedgerGrpc.Access;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LedgerGrpc.Server.Security;

/// <summary>
/// Access:DisableAuthentication=true, for benchmarks only (bench/ledger/auth_cost.sh measures security's cost per
/// call against it): no authentication, authorization or rate-limit middleware and no field filter; every call runs as
/// <see cref="LedgerPrincipal.UnauthenticatedBenchmark"/>. Because that makes every caller admin, Kestrel refuses to
/// bind any endpoint that is not a loopback address in this mode, so the server does not start rather than serve a
/// network unauthenticated.
/// </summary>
public static partial class UnauthenticatedBenchmarkMode
{
    public const string Setting = "Access:DisableAuthentication";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    /// <summary>Called for every endpoint Kestrel binds (urls, Kestrel:Endpoints or code), before it listens.</summary>
    public static void EnsureLoopback(ListenOptions listen, IConfiguration configuration)
    {
        if (!Enabled(configuration) || listen.EndPoint is IPEndPoint { Address: var address } && IPAddress.IsLoopback(address))
        {
            return;
        }

        throw new InvalidOperationException(
            $"{Setting}=true serves every call as admin without checking credentials, so every endpoint must be a loopback " +
            $"address (127.0.0.1, ::1 or localhost); {listen.EndPoint} is not. This setting is for benchmarks only: remove it, " +
            "or listen on loopback only.");
    }

    /// <summary>Instead of UseAuthentication/UseAuthorization: the caller is the benchmark principal, nothing is checked.</summary>
    public static WebApplication UseUnauthenticatedCallers(this WebApplication app)
    {
        LogAuthenticationDisabled(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UnauthenticatedBenchmarkMode).FullName!), Setting);
        app.Use(static (context, next) =>
        {
            context.User = LedgerPrincipal.UnauthenticatedBenchmark;
            return next(context);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "SECURITY IS OFF ({Setting}=true): no API key, token or certificate is checked and EVERY caller is admin " +
        "('unauthenticated-benchmark'). For benchmarks on loopback only; never run a real ledger like this.")]
    private static partial void LogAuthenticationDisabled(ILogger logger, string setting);
}
