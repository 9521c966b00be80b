using System.Data.Common;
using System.Diagnostics;
using System.Text;
using LedgerGrpc.Classification.Engine;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// Writes memberships and changes inside a transaction the caller owns (the ledger writer's for write-driven changes,
/// a classification transaction for sweeps and publishes); the writer must be disposed before the commit. A full
/// re-classification writes hundreds of thousands of rows, so neither EF nor SqliteCommand parameters: each row is
/// one step of a statement prepared once, its values bound straight through SQLitePCL (strings as cached UTF-8).
/// Measured on a publish moving 198,592 of 1,000,000 customers, the previous way — rows passed a few thousand at a
/// time as a JSON array and unpacked with json_each and ->> — spent 2.3 of its 3.9 s building and parsing JSON.
/// Only one writer exists at a time (the engine's gate), which is what lets it number changes itself.
/// </summary>
public sealed class ClassificationBatchWriter : IDisposable
{
    private const int DeleteStatement = 0, MembershipStatement = 1, ChangeStatement = 2;

    private static readonly string[] Sql =
    [
        "DELETE FROM cls_memberships WHERE Dimension = ?1 AND CustomerId = ?2",
        "INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        """
        INSERT INTO cls_segment_changes (Sequence, CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule, Batch)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """,
    ];

    private readonly SqliteConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly sqlite3_stmt?[] _statements = new sqlite3_stmt?[Sql.Length];
    private readonly long[] _ticks = new long[Sql.Length];
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private long? _lastSequence;
    private bool _disposed;

    public ClassificationBatchWriter(DbConnection connection, DbTransaction? transaction)
    {
        _connection = connection as SqliteConnection ?? throw new ArgumentException("The classification store is SQLite.", nameof(connection));
        _transaction = transaction;
    }

    /// <summary>Where the writer's time went so far, inside SQLite per statement kind (bulk jobs log it at Debug).</summary>
    public string Timings => FormattableString.Invariant(
        $"deletes {Ms(_ticks[DeleteStatement])} ms, memberships {Ms(_ticks[MembershipStatement])} ms, changes {Ms(_ticks[ChangeStatement])} ms");

    /// <summary>The batch changes are stored in from now on (see <see cref="SegmentChangeRecord.Batch"/>): 0, the
    /// default, for a few changes; a large job calls <see cref="NewBatch"/> before its first change (or sets the batch
    /// its earlier chunks started) so its changes are appended to the per-customer index in customer order.</summary>
    public long Batch { get; set; }

    /// <summary>Starts a batch numbered by the next change's sequence (unique, and above every earlier batch).</summary>
    public long NewBatch() => Batch = (_lastSequence ?? LastSequence()) + 1;

    /// <summary>Replaces what is stored for the customer in one dimension with <paramref name="memberships"/>
    /// (the customer's memberships in that dimension; empty when it left the dimension).</summary>
    public void ReplaceMemberships(long customerId, string dimension, IEnumerable<Membership> memberships)
    {
        var started = Stopwatch.GetTimestamp();
        var delete = Statement(DeleteStatement);
        BindText(delete, 1, dimension);
        raw.sqlite3_bind_int64(delete, 2, customerId);
        Step(delete);
        _ticks[DeleteStatement] += Stopwatch.GetTimestamp() - started;

        started = Stopwatch.GetTimestamp();
        foreach (var m in memberships)
        {
            var insert = Statement(MembershipStatement);
            raw.sqlite3_bind_int64(insert, 1, customerId);
            BindText(insert, 2, m.Dimension);
            BindText(insert, 3, m.Segment);
            BindText(insert, 4, m.Rule);
            raw.sqlite3_bind_int64(insert, 5, m.WorkflowVersion);
            raw.sqlite3_bind_int64(insert, 6, UnixTime.ToMs(m.Since));
            Step(insert);
        }

        _ticks[MembershipStatement] += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>Stores a change and returns it with its sequence number.</summary>
    public SegmentChange Insert(SegmentChange change)
    {
        // Numbered here, not by AUTOINCREMENT: max+1 is safe because the caller holds the write lock and the engine's
        // gate. Explicit values keep sqlite_sequence up to date.
        var sequence = (_lastSequence ?? LastSequence()) + 1;
        _lastSequence = sequence;
        var started = Stopwatch.GetTimestamp();
        var insert = Statement(ChangeStatement);
        raw.sqlite3_bind_int64(insert, 1, sequence);
        raw.sqlite3_bind_int64(insert, 2, change.CustomerId);
        BindText(insert, 3, change.Dimension);
        BindText(insert, 4, change.From);
        BindText(insert, 5, change.To);
        raw.sqlite3_bind_int64(insert, 6, UnixTime.ToMs(change.At));
        BindText(insert, 7, CauseText(change.Cause));
        raw.sqlite3_bind_int64(insert, 8, change.WorkflowVersion);
        BindText(insert, 9, change.Rule);
        raw.sqlite3_bind_int64(insert, 10, Batch);
        Step(insert);
        _ticks[ChangeStatement] += Stopwatch.GetTimestamp() - started;
        return change with { Sequence = sequence };
    }

    public static string CauseText(ChangeCause cause) => cause switch
    {
        ChangeCause.Initial => "initial",
        ChangeCause.Write => "write",
        ChangeCause.Sweep => "sweep",
        ChangeCause.Publish => "publish",
        ChangeCause.Manual => "manual",
        _ => cause.ToString().ToLowerInvariant(),
    };

    /// <summary>Releases the prepared statements (every row is already written: nothing is buffered).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var statement in _statements) statement?.Dispose();
    }

    private static long Ms(long ticks) => ticks * 1000 / Stopwatch.Frequency;

    private sqlite3_stmt Statement(int kind)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_statements[kind] is { } prepared) return prepared;
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, Sql[kind], out var statement);
        SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return _statements[kind] = statement;
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    private void BindText(sqlite3_stmt statement, int index, string value)
    {
        // A re-classification binds the same few dozen names (dimensions, segments, rules, causes) millions of times.
        if (!_utf8.TryGetValue(value, out var utf8)) _utf8[value] = utf8 = Encoding.UTF8.GetBytes(value);
        raw.sqlite3_bind_text(statement, index, utf8);
    }

    private long LastSequence()
    {
        using var command = _connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)_transaction;
        command.CommandText = """
            SELECT MAX(COALESCE((SELECT MAX(Sequence) FROM cls_segment_changes), 0),
                       COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'cls_segment_changes'), 0))
            """;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
