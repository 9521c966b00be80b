using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// Which plugin builds an admin approved (by SHA-256) and which plugins an operator disabled, kept in the ledger's
/// database (not in the plugins folder: whoever can drop files there must not be able to approve them).
/// </summary>
public sealed class PluginApprovals(string connectionString)
{
    public void EnsureCreated()
    {
        Execute("""
            CREATE TABLE IF NOT EXISTS plugin_approvals (Hash TEXT NOT NULL PRIMARY KEY, Name TEXT NOT NULL, ApprovedBy TEXT NOT NULL, ApprovedAtUnixMs INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS plugin_disabled (Name TEXT NOT NULL PRIMARY KEY, DisabledBy TEXT NOT NULL, AtUnixMs INTEGER NOT NULL);
            """);
    }

    public bool IsApproved(string hash) => Scalar("SELECT COUNT(*) FROM plugin_approvals WHERE Hash = $a", hash) > 0;

    public void Approve(string hash, string name, string by, DateTime at) =>
        Execute("INSERT OR REPLACE INTO plugin_approvals (Hash, Name, ApprovedBy, ApprovedAtUnixMs) VALUES ($a, $b, $c, $d)", hash, name, by, new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds());

    public bool IsDisabled(string name) => Scalar("SELECT COUNT(*) FROM plugin_disabled WHERE Name = $a", name) > 0;

    public void Disable(string name, string by, DateTime at) =>
        Execute("INSERT OR REPLACE INTO plugin_disabled (Name, DisabledBy, AtUnixMs) VALUES ($a, $b, $c)", name, by, new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds());

    public void Enable(string name) => Execute("DELETE FROM plugin_disabled WHERE Name = $a", name);

    private long Scalar(string sql, params object[] args)
    {
        using var connection = Open();
        using var command = Command(connection, sql, args);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    private void Execute(string sql, params object[] args)
    {
        using var connection = Open();
        using var command = Command(connection, sql, args);
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, object[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Writers wait for the ledger's writer rather than failing with SQLITE_BUSY.
        command.CommandTimeout = 30;
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("$" + (char)('a' + i), args[i]);
        return command;
    }
}
