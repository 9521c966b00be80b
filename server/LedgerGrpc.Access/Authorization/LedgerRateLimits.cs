using System.Threading.RateLimiting;
using LedgerGrpc.Access.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// Per-principal limits (ASP.NET Core rate limiting), configured per role: a token bucket for the
/// call rate and a concurrency limit for calls and streams in flight. A refused call gets
/// RESOURCE_EXHAUSTED saying which limit, so one runaway client cannot starve the others or the
/// writer. Unauthenticated calls are not partitioned here: they are refused before reaching a service.
/// </summary>
public static class LedgerRateLimits
{
    /// <summary>True when some role has a limit (the middleware is only added then: no cost otherwise).</summary>
    public static bool Enabled(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new AccessOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection("Access"), options);
        return Enabled(options);
    }

    public static bool Enabled(AccessOptions options) => options.RateLimits.Values.Any(l => l.CallsPerSecond > 0 || l.MaxConcurrentCalls > 0);

    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services, AccessOptions options)
    {
        var limits = options.RateLimits;
        if (!Enabled(options))
        {
            return services;
        }

        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Rate(context, limits)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Concurrency(context, limits)));
            o.OnRejected = (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var name = LedgerPrincipal.Name(context.User) ?? "caller";
                var role = LedgerPrincipal.Role(context.User) ?? "";
                context.RequestServices.GetRequiredService<RefusedCallLog>().Record("rate limited", name, context.Request.Path.Value ?? "");
                var limit = limits.TryGetValue(role, out var l) ? l : new RoleLimits();
                return new ValueTask(GrpcStatusResponse.WriteAsync(context, GrpcStatusResponse.ResourceExhausted,
                    $"{name} is over the {role} role's limit ({Describe(limit)}); retry later"));
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Rate(HttpContext context, Dictionary<string, RoleLimits> limits)
    {
        var (name, limit) = Partition(context, limits);
        if (limit.CallsPerSecond <= 0)
        {
            return RateLimitPartition.GetNoLimiter(name);
        }

        return RateLimitPartition.GetTokenBucketLimiter(name, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst > 0 ? limit.Burst : limit.CallsPerSecond,
            TokensPerPeriod = limit.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static RateLimitPartition<string> Concurrency(HttpContext context, Dictionary<string, RoleLimits> limits)
    {
        var (name, limit) = Partition(context, limits);
        return limit.MaxConcurrentCalls <= 0
            ? RateLimitPartition.GetNoLimiter(name)
            : RateLimitPartition.GetConcurrencyLimiter(name, _ => new ConcurrencyLimiterOptions { PermitLimit = limit.MaxConcurrentCalls, QueueLimit = 0 });
    }

    private static (string Name, RoleLimits Limit) Partition(HttpContext context, Dictionary<string, RoleLimits> limits)
    {
        var name = LedgerPrincipal.Name(context.User);
        var role = LedgerPrincipal.Role(context.User);
        return name is null || role is null || !limits.TryGetValue(role, out var limit) ? ("", new RoleLimits()) : (name, limit);
    }

    private static string Describe(RoleLimits limit) =>
        string.Join(", ", new[]
        {
            limit.CallsPerSecond > 0 ? $"{limit.CallsPerSecond} calls/s, burst {(limit.Burst > 0 ? limit.Burst : limit.CallsPerSecond)}" : null,
            limit.MaxConcurrentCalls > 0 ? $"{limit.MaxConcurrentCalls} calls at once" : null,
        }.Where(s => s is not null));
}
