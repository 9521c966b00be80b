using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Consistent copy of a live ledger.db with SQLite's online backup API: it reads one snapshot
/// (WAL lets the writer carry on meanwhile), writes a temp file beside the destination, then
/// renames it into place so a reader never sees a half-written backup. An existing file is never
/// overwritten (ALREADY_EXISTS).
/// </summary>
public static class LedgerBackup
{
    public static long Run(string databasePath, string destinationPath)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"No ledger database at {databasePath}.", databasePath);
        }

        var destination = Path.GetFullPath(destinationPath);
        if (File.Exists(destination))
        {
            throw new LedgerException(LedgerErrorCode.AlreadyExists, $"{Path.GetFileName(destination)} already exists; choose another name or delete it first");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = destination + ".partial";
        File.Delete(temp);
        var sourceConnection = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        var targetConnection = new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        using (var source = new SqliteConnection(sourceConnection))
        using (var target = new SqliteConnection(targetConnection))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
            using var journal = target.CreateCommand();
            // A backup is a single self-contained file: no -wal beside it.
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            journal.ExecuteNonQuery();
        }

        try
        {
            // Never over an existing file: a backup is not silently replaced, even by a racing call.
            File.Move(temp, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            File.Delete(temp);
            throw new LedgerException(LedgerErrorCode.AlreadyExists, $"{Path.GetFileName(destination)} already exists; choose another name or delete it first");
        }

        return new FileInfo(destination).Length;
    }
}
