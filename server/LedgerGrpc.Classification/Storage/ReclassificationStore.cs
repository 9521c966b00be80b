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
        command.CommandText = $"SELECT {Columns} FROM cls_reclassifications WHERE Id = $id";
        AddParameter(command, "$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Up to <paramref name="limit"/> stored jobs with ids below <paramref name="beforeId"/> (0: from the
    /// newest), newest first, as <see cref="Find"/> reads them.</summary>
    public static List<Reclassification> Before(DbConnection connection, long beforeId, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM cls_reclassifications WHERE Id < $before ORDER BY Id DESC LIMIT $limit";
        AddParameter(command, "$before", beforeId > 0 ? beforeId : long.MaxValue);
        AddParameter(command, "$limit", limit);
        using var reader = command.ExecuteReader();
        var jobs = new List<Reclassification>();
        while (reader.Read()) jobs.Add(Read(reader));
        return jobs;
    }

    private const string Columns = "Id, Cause, Dimension, WorkflowVersion, Total, Processed, Changed, Error, QueuedAtUnixMs, FinishedAtUnixMs";

    private static Reclassification Read(DbDataReader reader)
    {
        var finished = !reader.IsDBNull(9);
        return Reclassification.Restore(reader.GetInt64(0), reader.GetString(2), reader.GetInt32(3), Enum.Parse<ChangeCause>(reader.GetString(1)),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), finished ? reader.GetString(7) : InterruptedError,
            UnixTime.FromMs(reader.GetInt64(8)), finished ? UnixTime.FromMs(reader.GetInt64(9)) : null, interrupted: !finished);
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
