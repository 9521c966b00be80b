using LedgerGrpc.Server.Services.Classification;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LedgerGrpc.Server.Health;

/// <summary>Unhealthy until classification has loaded the ledger and brought every membership up to date. Logs the
/// change, once, not every probe.</summary>
internal sealed partial class ClassificationHealthCheck(ClassificationStartup startup, ILogger<ClassificationHealthCheck> logger) : IHealthCheck
{
    private readonly HealthChange _change = new();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = startup.IsLoaded;
        if (_change.Record(loaded))
        {
            if (loaded) LogServing();
            else LogLoading();
        }

        return Task.FromResult(loaded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Classification is still loading the ledger."));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health: ledger.v1.Segments is NOT_SERVING while classification loads the ledger (other services are served); it turns SERVING when the load finishes")]
    private partial void LogLoading();

    [LoggerMessage(Level = LogLevel.Information, Message = "Health: ledger.v1.Segments is SERVING")]
    private partial void LogServing();
}
