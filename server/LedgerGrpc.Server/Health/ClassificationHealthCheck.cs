using LedgerGrpc.Server.Services.Classification;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LedgerGrpc.Server.Health;

/// <summary>Unhealthy until classification has loaded the ledger and brought every membership up to date.</summary>
internal sealed class ClassificationHealthCheck(ClassificationStartup startup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(startup.IsLoaded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Classification is still loading the ledger."));
}
