using System.Data.Common;
using System.Globalization;
using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Storage;

/// <summary>Stores re-classification jobs (table cls_reclassifications) when queued and when finished, and reads back
/// one a client asks for after a restart.</summary>
public static class ReclassificationStore
{
    /// <summary>What a job the server stopped before it finished reports.</summary>
    public const string InterruptedError =
        "Interrupted: the server stopped before this job finished; the next start re-classified every customer under the rules in force.";

    public static long LastId(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(Id), 0) FROM cls_reclassifications";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static void Queued(DbConnection connection, Reclassification job, DateTime at) => Execute(connection,
        "INSERT INTO cls_reclassifications (Id, Cause, Dimension, WorkflowVersion, Total, Processed, Changed, Error, QueuedAtUnixMs) VALUES ($id, $cause, $d, $v, 0, 0, 0, '', $at)",
        ("$id", job.Id), ("$cause", job.Cause.ToString()), ("$d", job.Dimension), ("$v", job.WorkflowVersion), ("$at", UnixTime.ToMs(at)));

    public static void Finished(DbConnection connection, Reclassification job, DateTime at) => Execute(connection,
        "UPDATE cls_reclassifications SET Total = $total, Processed = $processed, Changed = $changed, Error = $error, FinishedAtUnixMs = $at WHERE Id = $id",
        ("$id", job.Id), ("$total", job.Total), ("$processed", job.Processed), ("$changed", job.Changed), ("$error", job.Error), ("$at", UnixTime.ToMs(at)));

    /// <summary>The stored job as a finished <see cref="Reclassification"/> (failed with <see cref="InterruptedError"/>
    /// when it never finished), or null.</summary>
    public static Reclassification? Find(DbConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Cause, Dimension, WorkflowVersion, Total, Processed, Changed, Error, FinishedAtUnixMs FROM cls_reclassifications WHERE Id = $id";
        AddParameter(command, "$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var finished = !reader.IsDBNull(7);
        return Reclassification.Restore(id, reader.GetString(1), reader.GetInt32(2), Enum.Parse<ChangeCause>(reader.GetString(0)),
            reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), finished ? reader.GetString(6) : InterruptedError);
    }

    private static void Execute(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        command.ExecuteNonQuery();
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
