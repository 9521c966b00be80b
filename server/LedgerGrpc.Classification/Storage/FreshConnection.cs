using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Classification.Storage;

/// <summary>Work on a connection of its own, opened for it and closed after (Microsoft.Data.Sqlite pools them): reads
/// beside the ledger writer (WAL lets them run while it commits) and the job records' small writes.</summary>
internal static class FreshConnection
{
    public static T Run<T>(string connectionString, Func<SqliteConnection, T> work)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return work(connection);
    }
}
