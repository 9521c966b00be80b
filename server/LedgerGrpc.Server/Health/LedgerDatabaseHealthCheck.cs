using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LedgerGrpc.Server.Health;

/// <summary>Healthy when the ledger database opens and answers a query (a missing, locked or corrupt file does not).</summary>
internal sealed class LedgerDatabaseHealthCheck(LedgerStore store) : IHealthCheck
{
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
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"The ledger database {store.DatabasePath} does not answer: {e.Message}", e);
        }
    }
}
