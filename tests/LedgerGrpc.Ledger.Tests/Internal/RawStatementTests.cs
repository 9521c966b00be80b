using System.Globalization;
using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger.Tests.Internal;

/// <summary>The writer's positional statements against a real SQLite file: they must store exactly what
/// Microsoft.Data.Sqlite (and so EF) stores for the same values, and fail the way it fails.</summary>
public sealed class RawStatementTests : IDisposable
{
    private readonly TempDirectory _dir = new("raw-statement");
    private readonly SqliteConnection _connection;

    public RawStatementTests()
    {
        _connection = new SqliteConnection($"Data Source={_dir.File("raw.db")};Pooling=False");
        _connection.Open();
        Run("CREATE TABLE t (k INTEGER PRIMARY KEY, i INTEGER, s TEXT, d TEXT, n INTEGER, u TEXT UNIQUE)");
    }

    public static TheoryData<string?> Texts => new()
    {
        null, "", "CNY", "客户台账 \"quoted\" <b>&</b> \\ \n tab\t", new string('x', 511), new string('长', 400), "🙂 surrogate pair",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_bound_by_position_is_stored_as_Microsoft_Data_Sqlite_stores_it(string? text)
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (k, s) VALUES (?1, ?2)"))
        {
            insert.Bind(1, 1L);
            insert.Bind(2, text);
            Assert.Equal(1, insert.Execute());
        }

        Run("INSERT INTO t (k, s) VALUES (2, $s)", ("$s", text));
        Assert.Equal(Stored(2, "s"), Stored(1, "s"));
    }

    public static TheoryData<DateTime> Dates => new()
    {
        new DateTime(2026, 11, 23, 15, 9, 52, DateTimeKind.Utc),
        new DateTime(2026, 11, 23, 15, 9, 52, DateTimeKind.Utc).AddTicks(1),
        new DateTime(2026, 11, 23, 15, 9, 52, DateTimeKind.Utc).AddTicks(1_000_000),
        new DateTime(2026, 11, 23, 15, 9, 52, DateTimeKind.Utc).AddTicks(1_234_500),
        new DateTime(2026, 11, 23, 15, 9, 52, DateTimeKind.Utc).AddTicks(9_999_999),
        new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
        DateTime.MaxValue,
        new DateTime(987, 6, 5, 4, 3, 2, DateTimeKind.Local).AddTicks(100),
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public void Date_is_stored_as_the_text_EF_writes_and_reads_back(DateTime value)
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (k, d) VALUES (?1, ?2)"))
        {
            insert.Bind(1, 1L);
            insert.Bind(2, value);
            insert.Execute();
        }

        Run("INSERT INTO t (k, d) VALUES (2, $d)", ("$d", value));
        Assert.Equal(Stored(2, "d"), Stored(1, "d"));

        using var select = new RawStatement(_connection, "SELECT d FROM t WHERE k = ?1");
        select.Bind(1, 1L);
        Assert.True(select.Read());
        var read = select.GetDateTime(0);
        select.Reset();
        Assert.Equal(value.Ticks, read.Ticks);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Fact]
    public void Date_text_matches_the_custom_format_for_many_instants()
    {
        var random = new Random(20261123);
        Span<byte> utf8 = stackalloc byte[SqliteDateTime.MaxLength];
        for (var i = 0; i < 20_000; i++)
        {
            // Every tick count is possible; a third have a fraction with trailing zeros.
            var ticks = random.NextInt64(DateTime.MaxValue.Ticks);
            if (i % 3 == 0)
            {
                ticks -= ticks % (long)Math.Pow(10, random.Next(8));
            }

            var value = new DateTime(ticks);
            var expected = value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(utf8[..SqliteDateTime.Format(value, utf8)]));
        }
    }

    [Fact]
    public void Integers_nulls_and_booleans_bind_by_position()
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (k, i, n, s, d) VALUES (?1, ?2, ?3, ?4, ?5)"))
        {
            Assert.Equal(5, insert.ParameterCount);
            insert.Bind(1, 1L);
            insert.Bind(2, long.MinValue);
            insert.Bind(3, (long?)null);
            insert.Bind(4, (string?)null);
            insert.Bind(5, (DateTime?)null);
            insert.Execute();
            insert.Bind(1, 2L);
            insert.Bind(2, true);
            insert.Bind(3, (long?)42);
            insert.Bind(4, "x");
            insert.Bind(5, (DateTime?)new DateTime(2026, 1, 2));
            insert.Execute();
        }

        using var select = new RawStatement(_connection, "SELECT i, n, s, d FROM t ORDER BY k");
        Assert.True(select.Read());
        Assert.Equal(long.MinValue, select.GetInt64(0));
        Assert.True(select.IsNull(1));
        Assert.True(select.IsNull(2));
        Assert.True(select.IsNull(3));
        Assert.True(select.Read());
        Assert.True(select.GetBoolean(0));
        Assert.Equal(42, select.GetInt64(1));
        Assert.Equal("x", select.GetString(2));
        Assert.True(select.TextEquals(2, "x"u8));
        Assert.False(select.TextEquals(2, "y"u8));
        Assert.False(select.Read());
        select.Reset();
    }

    [Fact]
    public void A_statement_is_reused_across_executions_and_binds_fresh_values_each_time()
    {
        using var insert = new RawStatement(_connection, "INSERT INTO t (k, s) VALUES (?1, ?2)");
        for (var k = 1; k <= 1000; k++)
        {
            insert.Bind(1, k);
            insert.Bind(2, $"row {k}");
            insert.Execute();
        }

        Assert.Equal(1000L, Scalar("SELECT count(*) FROM t"));
        Assert.Equal("row 777", Scalar("SELECT s FROM t WHERE k = 777"));
        Assert.Equal(1000L, SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle));
    }

    [Fact]
    public void A_constraint_violation_throws_SqliteException_and_leaves_the_statement_usable()
    {
        using var insert = new RawStatement(_connection, "INSERT INTO t (k, u) VALUES (?1, ?2)");
        insert.Bind(1, 1L);
        insert.Bind(2, "same");
        insert.Execute();
        insert.Bind(1, 2L);
        var error = Assert.Throws<SqliteException>(() => insert.Execute());
        Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, error.SqliteErrorCode);
        Assert.Contains("UNIQUE", error.Message);

        insert.Bind(2, "other");
        Assert.Equal(1, insert.Execute());
        Assert.Equal(2L, Scalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Savepoint_statements_undo_only_what_followed_the_savepoint()
    {
        using var savepoint = new RawStatement(_connection, "SAVEPOINT cmd");
        using var rollbackTo = new RawStatement(_connection, "ROLLBACK TO cmd");
        using var release = new RawStatement(_connection, "RELEASE cmd");
        using var insert = new RawStatement(_connection, "INSERT INTO t (k) VALUES (?1)");
        using var transaction = _connection.BeginTransaction();
        insert.Bind(1, 1L);
        insert.Execute();
        savepoint.Execute();
        insert.Bind(1, 2L);
        insert.Execute();
        rollbackTo.Execute();
        release.Execute();
        savepoint.Execute();
        insert.Bind(1, 3L);
        insert.Execute();
        release.Execute();
        transaction.Commit();

        Assert.Equal("1,3", Scalar("SELECT group_concat(k) FROM (SELECT k FROM t ORDER BY k)"));
    }

    [Fact]
    public void Sql_errors_and_more_than_one_statement_are_refused_when_prepared()
    {
        Assert.Throws<SqliteException>(() => new RawStatement(_connection, "INSERT INTO missing VALUES (?1)"));
        Assert.Throws<ArgumentException>(() => new RawStatement(_connection, "SELECT 1; SELECT 2"));
    }

    public void Dispose()
    {
        _connection.Dispose();
        _dir.Dispose();
    }

    private void Run(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // typeof() and hex() show the storage class and the exact bytes, which is what EF reads back.
    private string Stored(long key, string column) => (string)Scalar($"SELECT typeof({column}) || ':' || coalesce(hex({column}), '') FROM t WHERE k = {key}")!;
}
