using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Raw SQL inside a transaction someone else owns: statements prepared on its connection and stepped in it, and scalar
/// reads that see its uncommitted rows. What a commit hook gets instead of the batch's connection and transaction, so it
/// can add rows to the batch but cannot commit, roll back or begin anything; bulk jobs wrap their own transaction the
/// same way. Statements are bound through SQLitePCL (<c>raw.sqlite3_bind_*</c>): writers of hundreds of thousands of rows
/// found per-parameter binding through SqliteCommand costlier than SQLite's own work.
/// </summary>
public sealed class TransactionStatements(SqliteConnection connection, SqliteTransaction transaction)
{
    /// <summary>A statement on the transaction's connection; the caller disposes it.</summary>
    public sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        return statement;
    }

    /// <summary>Runs a statement that returns no rows, then resets it for its next bindings.</summary>
    public void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    /// <summary>The first column of the first row as a number (0 for NULL or no row), read in the transaction.</summary>
    public long ReadInt64(string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
