using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// The connection a full re-classification writes through. A publish or first start changes hundreds of thousands of
/// rows of a database that can be gigabytes: with SQLite's default 2 MB page cache the transaction spills dirty pages
/// and re-reads index pages over and over. Not pooled, so the large cache is freed when the job is done instead of
/// staying resident in an idle pooled connection. Commits keep the writer's durability (WAL, synchronous=FULL).
/// Automatic checkpoints are off: SQLite would run one inside the commit (a publish at a million customers dirtied
/// 19,000 pages, 0.4–0.7 s to copy back), so the job checkpoints once it is done (<see cref="Checkpoint"/>).
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
        pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-{CacheKiB}; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Copies the WAL back into the database (PASSIVE: waits for no reader or writer; what a reader still
    /// needs is left to a later checkpoint) and returns SQLite's answer for the log.</summary>
    public static string Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? FormattableString.Invariant($"busy {reader.GetInt64(0)}, {reader.GetInt64(1)} pages in the WAL, {reader.GetInt64(2)} copied") : "";
    }
}
