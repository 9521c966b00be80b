using System.Data.Common;
using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Storage;

/// <summary>Reads stored memberships and changes (start-up load, history, transitions, watcher catch-up).</summary>
public static class ClassificationReader
{
    public static Dictionary<long, Membership[]> LoadMemberships(DbConnection connection)
    {
        var result = new Dictionary<long, List<Membership>>();
        using var command = connection.CreateCommand();
        // Key order, so no sort; each customer's list still comes out by dimension, then segment.
        command.CommandText = "SELECT CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs FROM cls_memberships ORDER BY Dimension, CustomerId, Segment";
        using var reader = command.ExecuteReader();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var pool = new MembershipPool.Loader();
        while (reader.Read())
        {
            var customerId = reader.GetInt64(0);
            if (!result.TryGetValue(customerId, out var list)) result[customerId] = list = new List<Membership>(9);
            list.Add(pool.Share(new Membership(Intern(strings, reader.GetString(1)), Intern(strings, reader.GetString(2)), Intern(strings, reader.GetString(3)),
                reader.GetInt32(4), UnixTime.FromMs(reader.GetInt64(5)), reader.GetString(3) == "override")));
        }

        return result.ToDictionary(p => p.Key, p => pool.ShareArray(p.Value));
    }

    /// <summary>The stored memberships of <paramref name="customerIds"/> (a snapshot's catch-up), read as
    /// <see cref="LoadMemberships"/> reads everyone's: rows are keyed (dimension, customer, segment), so each customer
    /// is one key seek per dimension stored, the dimensions found by skipping through the key.</summary>
    public static Dictionary<long, Membership[]> MembershipsOf(DbConnection connection, IReadOnlyCollection<long> customerIds)
    {
        var dimensions = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                WITH RECURSIVE d(name) AS (
                    SELECT MIN(Dimension) FROM cls_memberships
                    UNION ALL
                    SELECT (SELECT MIN(Dimension) FROM cls_memberships WHERE Dimension > name) FROM d WHERE name IS NOT NULL)
                SELECT name FROM d WHERE name IS NOT NULL ORDER BY name
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read()) dimensions.Add(reader.GetString(0));
        }

        var result = new Dictionary<long, List<Membership>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Segment, Rule, WorkflowVersion, SinceUnixMs FROM cls_memberships WHERE Dimension = $d AND CustomerId = $c ORDER BY Segment";
            var dimension = command.CreateParameter();
            dimension.ParameterName = "$d";
            command.Parameters.Add(dimension);
            var customer = command.CreateParameter();
            customer.ParameterName = "$c";
            command.Parameters.Add(customer);
            foreach (var id in customerIds.Order())
            {
                foreach (var name in dimensions)
                {
                    (dimension.Value, customer.Value) = (name, id);
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        if (!result.TryGetValue(id, out var list)) result[id] = list = new List<Membership>(dimensions.Count);
                        list.Add(new Membership(name, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), UnixTime.FromMs(reader.GetInt64(3)), reader.GetString(1) == "override"));
                    }
                }
            }
        }

        return result.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>Changes with a sequence above <paramref name="afterSequence"/>, oldest first, optionally filtered.</summary>
    public static List<SegmentChange> ChangesAfter(DbConnection connection, long afterSequence, string? dimension, string? segment, int limit)
    {
        var where = "Sequence > $after";
        if (!string.IsNullOrEmpty(dimension)) where += " AND Dimension = $d";
        if (!string.IsNullOrEmpty(segment)) where += " AND (FromSegment = $s OR ToSegment = $s)";
        return Query(connection, $"SELECT {Columns} FROM cls_segment_changes WHERE {where} ORDER BY Sequence LIMIT $limit",
            ("$after", afterSequence), ("$d", dimension ?? ""), ("$s", segment ?? ""), ("$limit", limit));
    }

    /// <summary>The customer's changes, newest first. The per-customer index is (Batch, CustomerId, Sequence): the
    /// recursive part walks the distinct batches (one index seek each: batch 0 and one per large job) and each batch
    /// is searched for the customer.</summary>
    public static List<SegmentChange> History(DbConnection connection, long customerId, string? dimension, int limit)
    {
        var where = string.IsNullOrEmpty(dimension) ? "" : " AND c.Dimension = $d";
        return Query(connection, $"""
            WITH RECURSIVE batches(b) AS (
                SELECT MIN(Batch) FROM cls_segment_changes
                UNION ALL
                SELECT (SELECT MIN(Batch) FROM cls_segment_changes WHERE Batch > b) FROM batches WHERE b IS NOT NULL)
            SELECT {ColumnsOf("c.")} FROM batches JOIN cls_segment_changes c ON c.Batch = batches.b AND c.CustomerId = $c{where}
            ORDER BY c.Sequence DESC LIMIT $limit
            """,
            ("$c", customerId), ("$d", dimension ?? ""), ("$limit", limit));
    }

    public static List<(string From, string To, long Count)> Transitions(DbConnection connection, string dimension, DateTime from, DateTime to)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT FromSegment, ToSegment, COUNT(*) FROM cls_segment_changes
            WHERE Dimension = $d AND AtUnixMs >= $from AND AtUnixMs < $to
            GROUP BY FromSegment, ToSegment ORDER BY COUNT(*) DESC, FromSegment, ToSegment
            """;
        Add(command, "$d", dimension);
        Add(command, "$from", UnixTime.ToMs(from));
        Add(command, "$to", UnixTime.ToMs(to));
        using var reader = command.ExecuteReader();
        var result = new List<(string, string, long)>();
        while (reader.Read()) result.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return result;
    }

    public static long LastSequence(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(Sequence), 0) FROM cls_segment_changes";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private const string Columns = "Sequence, CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule";

    private static string ColumnsOf(string alias) => alias + Columns.Replace(", ", ", " + alias, StringComparison.Ordinal);

    private static List<SegmentChange> Query(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        using var reader = command.ExecuteReader();
        var result = new List<SegmentChange>();
        while (reader.Read())
        {
            result.Add(new SegmentChange(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                UnixTime.FromMs(reader.GetInt64(5)), Enum.Parse<ChangeCause>(reader.GetString(6), ignoreCase: true), reader.GetInt32(7), reader.GetString(8)));
        }

        return result;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Intern(Dictionary<string, string> pool, string value)
    {
        // 1M customers × 9 dimensions share a few dozen distinct strings; pooling them keeps memory in check.
        if (pool.TryGetValue(value, out var pooled)) return pooled;
        pool[value] = value;
        return value;
    }
}
