using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// The connection a full re-classification writes through. A publish or first start changes hundreds of thousands of
/// rows of a database that can be gigabytes: with SQLite's default 2 MB page cache the transaction spills dirty pages
/// and re-reads index pages over and over. Not pooled, so the large cache is freed when the job is done instead of
/// staying resident in an idle pooled connection. Commits keep the writer's durability (WAL, synchronous=FULL).
/// </summary>
public static class BulkWriteConnection
{
    /// <summary>Page cache of the bulk connection, KiB (negative cache_size is in KiB).</summary>
    public const int CacheKiB = 256 * 1024;

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-{CacheKiB}; PRAGMA temp_store=MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
