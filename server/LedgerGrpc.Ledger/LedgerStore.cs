using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger;

/// <summary>
/// The ledger database file: creates the data directory, applies EF Core migrations (so a newer
/// server upgrades an older file in place), switches the file to WAL, and hands out connections.
/// </summary>
public sealed class LedgerStore
{
    public LedgerStore(LedgerOptions options)
    {
        Options = options;
        Directory.CreateDirectory(options.DataDir);
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
        ReadOptions = new DbContextOptionsBuilder<LedgerDbContext>()
            .UseSqlite(ConnectionString)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
        Migrate();
    }

    public LedgerOptions Options { get; }

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    internal DbContextOptions<LedgerDbContext> ReadOptions { get; }

    /// <summary>A no-tracking context for reads; WAL lets readers run beside the writer.</summary>
    public LedgerDbContext OpenRead() => new(ReadOptions);

    /// <summary>An open connection with the durability settings the writer relies on.</summary>
    public SqliteConnection OpenWriterConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Options for contexts over one long-lived connection (build once, reuse per batch).</summary>
    public static DbContextOptions<LedgerDbContext> OptionsOn(SqliteConnection connection) =>
        new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite(connection).Options;

    /// <summary>A context over an existing connection and transaction (the writer's batch).</summary>
    public static LedgerDbContext OpenOn(DbContextOptions<LedgerDbContext> options, SqliteTransaction transaction)
    {
        var db = new LedgerDbContext(options);
        db.Database.UseTransaction(transaction);
        // Each command already runs under the writer's own savepoint.
        db.Database.AutoSavepointsEnabled = false;
        return db;
    }

    /// <summary>Copies the whole WAL back into the database and truncates it (at shutdown, once the writer has drained):
    /// the file alone then holds everything, and the next start has no log to recover. Returns SQLite's answer (busy
    /// flag, WAL pages, pages copied); busy 1 means a reader or writer still held it and part stays in the WAL, which is
    /// just as durable.</summary>
    public (bool Busy, long WalPages, long Copied) CheckpointWal()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : (false, 0, 0);
    }

    /// <summary>SQLite's PRAGMA integrity_check: "ok", or the problems it found.</summary>
    public string CheckIntegrity()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private void Migrate()
    {
        using (var connection = OpenWriterConnection())
        {
            // journal_mode=WAL is persistent in the file; set before EF touches it.
        }

        using var db = new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite(ConnectionString).Options);
        MigrateIfPending(db, "ledger");
    }

    /// <summary>
    /// Applies <paramref name="db"/>'s pending migrations, after <see cref="BackupBeforeUpgrade"/>. When none is pending
    /// (every restart) EF Core's migrator is not called at all: it would take its migration lock and build the model a
    /// second time, from the model-building code, to compare it with the last migration's snapshot, which is a good part
    /// of a restart's CPU time. The comparison still runs whenever there is something to migrate (a new file: every
    /// test), which is where a model change without its migration shows up.
    /// </summary>
    public void MigrateIfPending(DbContext db, string part)
    {
        var applied = db.Database.GetAppliedMigrations().ToList();
        var pending = db.Database.GetPendingMigrations().ToList();
        if (pending.Count == 0) return;
        BackupBeforeUpgrade(part, applied, pending);
        db.Database.Migrate();
    }

    /// <summary>
    /// Before migrations upgrade a file an earlier release made (some applied, some pending), a consistent copy goes to
    /// <c>{DataDir}/backups/ledger-before-{part}-{first pending migration}.db</c>: a failed or unwanted upgrade can be
    /// undone by putting it back and running the earlier release. Nothing for a new file or one already current.
    /// Returns the backup's path, or null.
    /// </summary>
    public string? BackupBeforeUpgrade(string part, IReadOnlyCollection<string> applied, IReadOnlyCollection<string> pending)
    {
        if (applied.Count == 0 || pending.Count == 0) return null;
        var path = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "backups", $"ledger-before-{part}-{pending.First()}.db");
        // Kept if a previous attempt made it: that copy is the file as the earlier release left it.
        if (!File.Exists(path)) LedgerBackup.Run(DatabasePath, path);
        return path;
    }
}
