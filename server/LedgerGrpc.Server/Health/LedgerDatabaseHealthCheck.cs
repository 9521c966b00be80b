using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LedgerGrpc.Server.Health;

/// <summary>Healthy when the ledger database opens and answers a query (a missing, locked or corrupt file does not).
/// Logs the change, once, not every probe.</summary>
internal sealed partial class LedgerDatabaseHealthCheck(LedgerStore store, ILogger<LedgerDatabaseHealthCheck> logger) : IHealthCheck
{
    private readonly HealthChange _change = new();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(store.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // Reads the schema from the file: opening alone does not touch it.
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (_change.Record(healthy: true)) LogAnswering(store.DatabasePath);
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException e)
        {
            if (_change.Record(healthy: false)) LogNotAnswering(e, store.DatabasePath);
            return HealthCheckResult.Unhealthy($"The ledger database {store.DatabasePath} does not answer: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Health: the ledger database {Path} does not answer; every service is NOT_SERVING until it does")]
    private partial void LogNotAnswering(Exception ex, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health: the ledger database {Path} answers again")]
    private partial void LogAnswering(string path);
}
