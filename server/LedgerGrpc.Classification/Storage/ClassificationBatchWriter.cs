using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// Writes memberships and changes inside a transaction the caller owns (the ledger writer's for write-driven changes,
/// a classification transaction for sweeps and publishes). Raw SQL because a full re-classification writes hundreds
/// of thousands of rows and EF change tracking would dominate. Rows are buffered and written a few thousand per
/// statement, passed as one JSON array (per-statement and per-parameter overhead was most of the cost); <see cref="Flush"/> or <see cref="Dispose"/> writes the rest, so
/// dispose the writer before committing. Only one writer exists at a time (the engine's gate), which is what lets it
/// number changes itself.
/// </summary>
public sealed class ClassificationBatchWriter(DbConnection connection, DbTransaction? transaction) : IDisposable
{
    private const int BufferedRows = 2048;

    private const string Delete =
        "DELETE FROM cls_memberships WHERE Dimension = $dimension AND CustomerId IN (SELECT value FROM json_each($rows))";

    private const string InsertMemberships = """
        INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each($rows)
        """;

    private const string InsertChanges = """
        INSERT INTO cls_segment_changes (Sequence, CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each($rows)
        """;

    private readonly Dictionary<string, DbCommand> _commands = [];
    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly List<(long CustomerId, string Dimension)> _deletes = [];
    private readonly HashSet<(long CustomerId, string Dimension)> _pending = [];
    private readonly List<(long CustomerId, Membership Membership)> _memberships = [];
    private readonly List<SegmentChange> _changes = [];
    private long? _lastSequence;
    private bool _disposed;

    /// <summary>Replaces what is stored for the customer in one dimension with <paramref name="memberships"/>
    /// (the customer's memberships in that dimension; empty when it left the dimension).</summary>
    public void ReplaceMemberships(long customerId, string dimension, IEnumerable<Membership> memberships)
    {
        // Deletes run before inserts in a flush; a second replace of the same key must not be reordered past the first.
        if (!_pending.Add((customerId, dimension)))
        {
            Flush();
            _pending.Add((customerId, dimension));
        }

        _deletes.Add((customerId, dimension));
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
        _changes.Add(numbered);
        if (_changes.Count >= BufferedRows) Flush();
        return numbered;
    }

    /// <summary>Writes everything buffered.</summary>
    public void Flush()
    {
        foreach (var group in _deletes.GroupBy(d => d.Dimension))
        {
            Execute(Delete, group, (json, d) => json.WriteNumberValue(d.CustomerId), group.Key);
        }

        Execute(InsertMemberships, _memberships, static (json, row) =>
        {
            var (customerId, m) = row;
            json.WriteStartArray();
            json.WriteNumberValue(customerId);
            json.WriteStringValue(m.Dimension);
            json.WriteStringValue(m.Segment);
            json.WriteStringValue(m.Rule);
            json.WriteNumberValue(m.WorkflowVersion);
            json.WriteNumberValue(UnixTime.ToMs(m.Since));
            json.WriteEndArray();
        });
        Execute(InsertChanges, _changes, static (json, c) =>
        {
            json.WriteStartArray();
            json.WriteNumberValue(c.Sequence);
            json.WriteNumberValue(c.CustomerId);
            json.WriteStringValue(c.Dimension);
            json.WriteStringValue(c.From);
            json.WriteStringValue(c.To);
            json.WriteNumberValue(UnixTime.ToMs(c.At));
            json.WriteStringValue(CauseText(c.Cause));
            json.WriteNumberValue(c.WorkflowVersion);
            json.WriteStringValue(c.Rule);
            json.WriteEndArray();
        });
        _deletes.Clear();
        _pending.Clear();
        _memberships.Clear();
        _changes.Clear();
    }

    public static string CauseText(ChangeCause cause) => cause.ToString().ToLowerInvariant();

    /// <summary>Writes what is still buffered (the transaction commits after this), then releases the statements.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Flush();
        }
        finally
        {
            foreach (var command in _commands.Values) command.Dispose();
        }
    }

    private long LastSequence()
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT MAX(COALESCE((SELECT MAX(Sequence) FROM cls_segment_changes), 0),
                       COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'cls_segment_changes'), 0))
            """;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/> with all <paramref name="rows"/> as one JSON array parameter ($rows), which
    /// SQLite unpacks with json_each: one bound value per statement instead of one per column per row.</summary>
    private void Execute<T>(string sql, IEnumerable<T> rows, Action<Utf8JsonWriter, T> write, string? dimension = null)
    {
        _json.Clear();
        var any = false;
        using (var json = new Utf8JsonWriter(_json))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                write(json, row);
                any = true;
            }

            json.WriteEndArray();
        }

        if (!any) return;
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in new[] { "$rows", "$dimension" }.Where(n => sql.Contains(n, StringComparison.Ordinal)))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            command.Prepare();
            _commands[sql] = command;
        }

        command.Parameters[0].Value = Encoding.UTF8.GetString(_json.WrittenSpan);
        if (dimension is not null) command.Parameters[1].Value = dimension;
        command.ExecuteNonQuery();
    }
}
