using System.Data.Common;
using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// Writes memberships and changes with prepared statements inside a transaction the caller owns (the ledger writer's
/// for write-driven changes, a classification transaction for sweeps and publishes). Raw SQL because a full
/// re-classification writes hundreds of thousands of rows and EF change tracking would dominate.
/// </summary>
public sealed class ClassificationBatchWriter : IDisposable
{
    private readonly DbCommand _delete;
    private readonly DbCommand _insertMembership;
    private readonly DbCommand _insertChange;

    public ClassificationBatchWriter(DbConnection connection, DbTransaction? transaction)
    {
        _delete = Command(connection, transaction, "DELETE FROM cls_memberships WHERE CustomerId = $c AND Dimension = $d", "$c", "$d");
        _insertMembership = Command(connection, transaction,
            "INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs) VALUES ($c, $d, $s, $r, $v, $t)",
            "$c", "$d", "$s", "$r", "$v", "$t");
        _insertChange = Command(connection, transaction,
            "INSERT INTO cls_segment_changes (CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule) VALUES ($c, $d, $f, $to, $t, $cause, $v, $r) RETURNING Sequence",
            "$c", "$d", "$f", "$to", "$t", "$cause", "$v", "$r");
    }

    /// <summary>Replaces what is stored for the customer in one dimension with <paramref name="memberships"/>
    /// (the customer's memberships in that dimension; empty when it left the dimension).</summary>
    public void ReplaceMemberships(long customerId, string dimension, IEnumerable<Membership> memberships)
    {
        _delete.Parameters[0].Value = customerId;
        _delete.Parameters[1].Value = dimension;
        _delete.ExecuteNonQuery();
        foreach (var m in memberships)
        {
            var p = _insertMembership.Parameters;
            p[0].Value = customerId;
            p[1].Value = m.Dimension;
            p[2].Value = m.Segment;
            p[3].Value = m.Rule;
            p[4].Value = m.WorkflowVersion;
            p[5].Value = UnixTime.ToMs(m.Since);
            _insertMembership.ExecuteNonQuery();
        }
    }

    /// <summary>Stores a change and returns it with its sequence number.</summary>
    public SegmentChange Insert(SegmentChange change)
    {
        var p = _insertChange.Parameters;
        p[0].Value = change.CustomerId;
        p[1].Value = change.Dimension;
        p[2].Value = change.From;
        p[3].Value = change.To;
        p[4].Value = UnixTime.ToMs(change.At);
        p[5].Value = CauseText(change.Cause);
        p[6].Value = change.WorkflowVersion;
        p[7].Value = change.Rule;
        var sequence = Convert.ToInt64(_insertChange.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return change with { Sequence = sequence };
    }

    public static string CauseText(ChangeCause cause) => cause.ToString().ToLowerInvariant();

    public void Dispose()
    {
        _delete.Dispose();
        _insertMembership.Dispose();
        _insertChange.Dispose();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }
}
