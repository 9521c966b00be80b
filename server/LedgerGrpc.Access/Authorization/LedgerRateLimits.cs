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

        // Each role's limiter settings and partition factories made once: a call looks up its partition by principal name
        // and allocates nothing for it (a lambda capturing the role's limits would be a new closure on every call).
        var roles = limits.ToDictionary(l => l.Key, l => new RoleLimiters(l.Value), StringComparer.OrdinalIgnoreCase);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, roles)?.Rate(context) ?? NoLimit),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, roles)?.Concurrency(context) ?? NoLimit));
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

    private static readonly RateLimitPartition<string> NoLimit = RateLimitPartition.GetNoLimiter("");

    // Unauthenticated or roleless callers, and roles without limits, share the unlimited partition.
    private static RoleLimiters? Partition(HttpContext context, Dictionary<string, RoleLimiters> roles) =>
        LedgerPrincipal.Role(context.User) is { } role && roles.TryGetValue(role, out var limiters) ? limiters : null;

    /// <summary>One role's partitions: a token bucket and a concurrency limiter per principal name.</summary>
    private sealed class RoleLimiters(RoleLimits limit)
    {
        private readonly Func<string, TokenBucketRateLimiterOptions> _bucket = Always(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst > 0 ? limit.Burst : limit.CallsPerSecond,
            TokensPerPeriod = limit.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

        private readonly Func<string, ConcurrencyLimiterOptions> _concurrency =
            Always(new ConcurrencyLimiterOptions { PermitLimit = limit.MaxConcurrentCalls, QueueLimit = 0 });

        public RateLimitPartition<string> Rate(HttpContext context) =>
            limit.CallsPerSecond <= 0 || LedgerPrincipal.Name(context.User) is not { } name
                ? NoLimit
                : RateLimitPartition.GetTokenBucketLimiter(name, _bucket);

        public RateLimitPartition<string> Concurrency(HttpContext context) =>
            limit.MaxConcurrentCalls <= 0 || LedgerPrincipal.Name(context.User) is not { } name
                ? NoLimit
                : RateLimitPartition.GetConcurrencyLimiter(name, _concurrency);

        private static Func<string, T> Always<T>(T options) => _ => options;
    }

    private static string Describe(RoleLimits limit) =>
        string.Join(", ", new[]
        {
            limit.CallsPerSecond > 0 ? $"{limit.CallsPerSecond} calls/s, burst {(limit.Burst > 0 ? limit.Burst : limit.CallsPerSecond)}" : null,
            limit.MaxConcurrentCalls > 0 ? $"{limit.MaxConcurrentCalls} calls at once" : null,
        }.Where(s => s is not null));
}
