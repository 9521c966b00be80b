using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// One SQL statement prepared once on an open connection and reused for its lifetime, with parameters
/// bound by position (?1, ?2, …) straight through SQLitePCL.raw. Microsoft.Data.Sqlite binds every
/// parameter by name on every execution (a name lookup and a UTF-8 conversion each) and times each step
/// for its busy retry; on the writer's hot path that cost more than SQLite's own work. Values are stored
/// exactly as Microsoft.Data.Sqlite/EF store them (DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF" text), so
/// EF reads them back unchanged. Not thread-safe: one owner (the ledger writer) uses it at a time.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    // Strings up to this many UTF-8 bytes are encoded on the stack; longer ones into a reused buffer.
    private const int StackLimit = 512;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private byte[] _scratch = [];

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Sql = sql;
        // PERSISTENT: kept for the connection's lifetime, so SQLite allocates it outside its lookaside.
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt, out string tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            _stmt.Dispose();
            throw new ArgumentException($"One statement only; left over: {tail}", nameof(sql));
        }
    }

    public string Sql { get; }

    public int ParameterCount => raw.sqlite3_bind_parameter_count(_stmt);

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, long? value)
    {
        if (value is { } v)
        {
            Bind(index, v);
        }
        else
        {
            BindNull(index);
        }
    }

    public void Bind(int index, bool value) => Bind(index, value ? 1L : 0L);

    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= StackLimit)
        {
            Span<byte> utf8 = stackalloc byte[StackLimit];
            BindUtf8(index, utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
            return;
        }

        if (_scratch.Length < max)
        {
            _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        }

        BindUtf8(index, _scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, _scratch)));
    }

    /// <summary>Text already encoded as UTF-8 (SQLite copies it, so the span may be reused afterwards).</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_stmt, index, utf8));

    public void Bind(int index, DateTime value)
    {
        Span<byte> text = stackalloc byte[SqliteDateTime.MaxLength];
        BindUtf8(index, text[..SqliteDateTime.Format(value, text)]);
    }

    public void Bind(int index, DateTime? value)
    {
        if (value is { } v)
        {
            Bind(index, v);
        }
        else
        {
            BindNull(index);
        }
    }

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_stmt, index));

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Steps a query: true with a row to read, false when done. Call <see cref="Reset"/> when finished.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            finally
            {
                raw.sqlite3_reset(_stmt);
            }
        }

        return false;
    }

    /// <summary>Ends a query (releases its read cursor); bindings stay for the next execution.</summary>
    public void Reset() => raw.sqlite3_reset(_stmt);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public long GetInt64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public bool GetBoolean(int column) => GetInt64(column) != 0;

    public string GetString(int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(_stmt, column));

    /// <summary>True when the column's UTF-8 text equals <paramref name="utf8"/> (no string made).</summary>
    public bool TextEquals(int column, ReadOnlySpan<byte> utf8) => raw.sqlite3_column_blob(_stmt, column).SequenceEqual(utf8);

    /// <summary>A date stored as text, read as Microsoft.Data.Sqlite does, as UTC.</summary>
    public DateTime GetDateTime(int column) =>
        DateTime.SpecifyKind(DateTime.Parse(GetString(column), CultureInfo.InvariantCulture), DateTimeKind.Utc);

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
