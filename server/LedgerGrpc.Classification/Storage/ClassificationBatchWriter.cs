using System.Diagnostics;
using System.Text;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Ledger;
using SQLitePCL;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// Writes memberships and changes inside a transaction the caller owns (the ledger writer's for write-driven changes,
/// a classification transaction for sweeps and publishes). A full re-classification writes hundreds of thousands of
/// rows, so neither EF nor SqliteCommand parameters: rows are buffered and written <see cref="RowsPerStatement"/> per
/// statement through statements prepared once, values bound straight through SQLitePCL (strings as cached UTF-8).
/// On a publish moving 198,592 of 1,000,000 customers the earlier way — a few thousand rows per statement as a JSON
/// array unpacked with json_each and ->> — spent more time building and parsing JSON than inserting. <see cref="Flush"/>
/// or <see cref="Dispose"/> writes the rest, so dispose the writer before committing. Only one writer exists at a
/// time (the engine's gate), which is what lets it number changes itself.
/// </summary>
public sealed class ClassificationBatchWriter : IDisposable
{
    /// <summary>Rows per multi-row statement: per-statement work (cursors, AUTOINCREMENT bookkeeping) was about
    /// half of a one-row insert.</summary>
    internal const int RowsPerStatement = 64;

    private const int BufferedRows = 1024;

    private readonly TransactionStatements _sql;
    private readonly Dictionary<(Kind, int Rows), sqlite3_stmt> _statements = [];
    private readonly long[] _ticks = new long[3];
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private readonly List<(long CustomerId, string Dimension)> _deletes = [];
    private readonly HashSet<(long CustomerId, string Dimension)> _pending = [];
    private readonly List<(long CustomerId, Membership Membership)> _memberships = [];
    private readonly List<(SegmentChange Change, long Batch)> _changes = [];
    private long? _lastSequence;
    private bool _disposed;

    /// <param name="sql">The transaction the rows go into: a ledger batch's (<see cref="LedgerCommitContext.Statements"/>) or
    /// a classification job's own.</param>
    public ClassificationBatchWriter(TransactionStatements sql)
    {
        _sql = sql;
    }

    private enum Kind
    {
        Delete,
        Membership,
        Change,
    }

    /// <summary>Where the writer's time went so far, inside SQLite per statement kind (bulk jobs log it at Debug).</summary>
    public string Timings => FormattableString.Invariant(
        $"deletes {Ms(_ticks[(int)Kind.Delete])} ms, memberships {Ms(_ticks[(int)Kind.Membership])} ms, changes {Ms(_ticks[(int)Kind.Change])} ms");

    /// <summary>The batch changes are stored in from now on (see <see cref="SegmentChangeRecord.Batch"/>): 0, the
    /// default, for a few changes; a large job calls <see cref="NewBatch"/> before its first change (or sets the batch
    /// its earlier chunks started) so its changes are appended to the per-customer index in customer order.</summary>
    public long Batch { get; set; }

    /// <summary>Starts a batch numbered by the next change's sequence (unique, and above every earlier batch).</summary>
    public long NewBatch() => Batch = (_lastSequence ?? LastSequence()) + 1;

    /// <summary>Replaces what is stored for the customer in one dimension with <paramref name="memberships"/>
    /// (the customer's memberships in that dimension; empty when it left the dimension). <paramref name="stored"/>
    /// false says nothing is stored for it yet (stored rows follow memory's segments), which saves the delete: a first
    /// start would otherwise look up nine absent keys per customer.</summary>
    public void ReplaceMemberships(long customerId, string dimension, IEnumerable<Membership> memberships, bool stored = true)
    {
        // Deletes run before inserts in a flush; a second replace of the same key must not be reordered past the first.
        if (!_pending.Add((customerId, dimension)))
        {
            Flush();
            _pending.Add((customerId, dimension));
        }

        if (stored) _deletes.Add((customerId, dimension));
        foreach (var m in memberships) _memberships.Add((customerId, m));
        if (_deletes.Count >= BufferedRows || _memberships.Count >= BufferedRows) Flush();
    }

    /// <summary>Stores a change and returns it with its sequence number.</summary>
    public SegmentChange Insert(SegmentChange change)
    {
        // Numbered here, not by AUTOINCREMENT, so changes can be inserted many per statement; max+1 is safe because
        // the caller holds the write lock and the engine's gate. Explicit values keep sqlite_sequence up to date.
        var sequence = (_lastSequence ?? LastSequence()) + 1;
        _lastSequence = sequence;
        var numbered = change with { Sequence = sequence };
        _changes.Add((numbered, Batch));
        if (_changes.Count >= BufferedRows) Flush();
        return numbered;
    }

    /// <summary>Writes everything buffered.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        if (_deletes.Count > 0)
        {
            // One dimension per statement; sorted so each statement's customers are one stretch of the table.
            _deletes.Sort(static (a, b) => a.Dimension == b.Dimension ? a.CustomerId.CompareTo(b.CustomerId) : string.CompareOrdinal(a.Dimension, b.Dimension));
            var from = 0;
            for (var i = 1; i <= _deletes.Count; i++)
            {
                if (i < _deletes.Count && _deletes[i].Dimension == _deletes[from].Dimension) continue;
                WriteDeletes(from, i);
                from = i;
            }
        }

        var deleted = Stopwatch.GetTimestamp();
        Write(Kind.Membership, _memberships, 6, (statement, column, row) =>
        {
            var (customerId, m) = row;
            raw.sqlite3_bind_int64(statement, column, customerId);
            BindText(statement, column + 1, m.Dimension);
            BindText(statement, column + 2, m.Segment);
            BindText(statement, column + 3, m.Rule);
            raw.sqlite3_bind_int64(statement, column + 4, m.WorkflowVersion);
            raw.sqlite3_bind_int64(statement, column + 5, UnixTime.ToMs(m.Since));
        });
        var inserted = Stopwatch.GetTimestamp();
        Write(Kind.Change, _changes, 10, (statement, column, row) =>
        {
            var (c, batch) = row;
            raw.sqlite3_bind_int64(statement, column, c.Sequence);
            raw.sqlite3_bind_int64(statement, column + 1, c.CustomerId);
            BindText(statement, column + 2, c.Dimension);
            BindText(statement, column + 3, c.From);
            BindText(statement, column + 4, c.To);
            raw.sqlite3_bind_int64(statement, column + 5, UnixTime.ToMs(c.At));
            BindText(statement, column + 6, CauseText(c.Cause));
            raw.sqlite3_bind_int64(statement, column + 7, c.WorkflowVersion);
            BindText(statement, column + 8, c.Rule);
            raw.sqlite3_bind_int64(statement, column + 9, batch);
        });
        var done = Stopwatch.GetTimestamp();
        _ticks[(int)Kind.Delete] += deleted - started;
        _ticks[(int)Kind.Membership] += inserted - deleted;
        _ticks[(int)Kind.Change] += done - inserted;
        _deletes.Clear();
        _pending.Clear();
        _memberships.Clear();
        _changes.Clear();
    }

    public static string CauseText(ChangeCause cause) => cause switch
    {
        ChangeCause.Initial => "initial",
        ChangeCause.Write => "write",
        ChangeCause.Sweep => "sweep",
        ChangeCause.Publish => "publish",
        ChangeCause.Manual => "manual",
        ChangeCause.Plugin => "plugin",
        _ => cause.ToString().ToLowerInvariant(),
    };

    /// <summary>Writes what is still buffered (the transaction commits after this), then releases the statements.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            Flush();
        }
        finally
        {
            _disposed = true;
            foreach (var statement in _statements.Values) statement.Dispose();
        }
    }

    private static long Ms(long ticks) => ticks * 1000 / Stopwatch.Frequency;

    /// <summary>Deletes _deletes[from..to), all of one dimension, <see cref="RowsPerStatement"/> customers at a time.</summary>
    private void WriteDeletes(int from, int to)
    {
        var dimension = _deletes[from].Dimension;
        while (from < to)
        {
            var rows = to - from >= RowsPerStatement ? RowsPerStatement : 1;
            var statement = Statement(Kind.Delete, rows);
            BindText(statement, 1, dimension);
            for (var i = 0; i < rows; i++) raw.sqlite3_bind_int64(statement, 2 + i, _deletes[from + i].CustomerId);
            Step(statement);
            from += rows;
        }
    }

    /// <summary>Inserts <paramref name="rows"/>, <see cref="RowsPerStatement"/> per statement while that many are
    /// left, then one by one; <paramref name="bind"/> binds one row from the given 1-based column.</summary>
    private void Write<T>(Kind kind, List<T> rows, int columns, Action<sqlite3_stmt, int, T> bind)
    {
        var at = 0;
        while (at < rows.Count)
        {
            var count = rows.Count - at >= RowsPerStatement ? RowsPerStatement : 1;
            var statement = Statement(kind, count);
            for (var i = 0; i < count; i++) bind(statement, 1 + i * columns, rows[at + i]);
            Step(statement);
            at += count;
        }
    }

    private sqlite3_stmt Statement(Kind kind, int rows)
    {
        if (_statements.TryGetValue((kind, rows), out var prepared)) return prepared;
        var statement = _sql.Prepare(Sql(kind, rows));
        _statements[(kind, rows)] = statement;
        return statement;
    }

    /// <summary>The statement for <paramref name="rows"/> rows, with numbered parameters (?1 … ?N) in row order.</summary>
    private static string Sql(Kind kind, int rows) => kind switch
    {
        Kind.Delete => $"DELETE FROM cls_memberships WHERE Dimension = ?1 AND CustomerId IN ({string.Join(", ", Enumerable.Range(2, rows).Select(p => $"?{p}"))})",
        Kind.Membership => "INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs) VALUES " + Values(rows, 6),
        _ => "INSERT INTO cls_segment_changes (Sequence, CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule, Batch) VALUES " + Values(rows, 10),
    };

    private static string Values(int rows, int columns) => string.Join(", ", Enumerable.Range(0, rows).Select(r =>
        "(" + string.Join(", ", Enumerable.Range(1 + r * columns, columns).Select(p => $"?{p}")) + ")"));

    private void Step(sqlite3_stmt statement) => _sql.Step(statement);

    private void BindText(sqlite3_stmt statement, int index, string value)
    {
        // A re-classification binds the same few dozen names (dimensions, segments, rules, causes) millions of times.
        if (!_utf8.TryGetValue(value, out var utf8)) _utf8[value] = utf8 = Encoding.UTF8.GetBytes(value);
        raw.sqlite3_bind_text(statement, index, utf8);
    }

    private long LastSequence() => _sql.ReadInt64("""
        SELECT MAX(COALESCE((SELECT MAX(Sequence) FROM cls_segment_changes), 0),
                   COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'cls_segment_changes'), 0))
        """);
}
