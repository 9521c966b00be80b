using System.Data.Common;
using System.Globalization;

namespace LedgerGrpc.Classification.Storage;

/// <summary>
/// Where the ledger and the classification log stood when a state snapshot was taken, read in one read transaction:
/// the last audit entry (every ledger command writes one naming its customer) and the last segment change, each with
/// a fingerprint of its row, and one of the first customer (so a different or restored database with as many rows is
/// not taken for the same one),
/// and the highest id of each table classification's facts come from (rows written without the writer, by
/// <c>seed</c> or <c>import</c> with the server stopped, have no audit entry but do have new ids).
/// </summary>
public sealed record SnapshotMarks(
    long AuditId, string AuditFingerprint, long ChangeSequence, string ChangeFingerprint,
    long MaxCustomerId, long MaxTransactionId, long MaxInvoiceId, long MaxPaymentId, string FirstCustomerFingerprint)
{
    public static SnapshotMarks Read(DbConnection connection)
    {
        using var transaction = ReadTransaction(connection);
        var audit = Scalar(connection, transaction, "SELECT COALESCE(MAX(Id), 0) FROM audit_entries");
        var sequence = Scalar(connection, transaction, "SELECT COALESCE(MAX(Sequence), 0) FROM cls_segment_changes");
        return new SnapshotMarks(
            audit, Fingerprint(connection, transaction, "SELECT At, Action, EntityId, CustomerId FROM audit_entries WHERE Id = $id", audit),
            sequence, Fingerprint(connection, transaction, "SELECT CustomerId, Dimension, AtUnixMs, ToSegment FROM cls_segment_changes WHERE Sequence = $id", sequence),
            Scalar(connection, transaction, "SELECT COALESCE(MAX(Id), 0) FROM customers"),
            Scalar(connection, transaction, "SELECT COALESCE(MAX(Id), 0) FROM transactions"),
            Scalar(connection, transaction, "SELECT COALESCE(MAX(Id), 0) FROM invoices"),
            Scalar(connection, transaction, "SELECT COALESCE(MAX(Id), 0) FROM payments"),
            Fingerprint(connection, transaction, FirstCustomer, 1));
    }

    /// <summary>A deferred transaction: one consistent read of the WAL, and no write lock. Microsoft.Data.Sqlite's plain
    /// BeginTransaction() is BEGIN IMMEDIATE, which takes the write lock; the marks are read holding the engine's gate,
    /// and a ledger batch holds the write lock while it waits for that gate, so an immediate transaction here waited out
    /// the 30 s busy timeout with the writer stalled behind it (a write after a sweep's snapshot hung for 30 s).</summary>
    private static DbTransaction ReadTransaction(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : connection.BeginTransaction();

    /// <summary>Why a snapshot taken at these marks cannot be brought up to date from <paramref name="now"/> (the
    /// database is not the one, or not a later state of the one, it was taken from), or null when it can.</summary>
    public string? Mismatch(SnapshotMarks now)
    {
        if (now.AuditId < AuditId) return $"the ledger's audit log ends at {now.AuditId}, before the snapshot's {AuditId} (a restored or different database)";
        if (now.ChangeSequence < ChangeSequence) return $"the segment change log ends at {now.ChangeSequence}, before the snapshot's {ChangeSequence}";
        if (now.MaxCustomerId < MaxCustomerId || now.MaxTransactionId < MaxTransactionId || now.MaxInvoiceId < MaxInvoiceId || now.MaxPaymentId < MaxPaymentId)
        {
            return "the ledger has fewer rows than when the snapshot was taken (a restored or different database)";
        }

        return null;
    }

    /// <summary>Whether the rows the marks name still read as they did (checked on the live database).</summary>
    public string? RowsDiffer(DbConnection connection)
    {
        using var transaction = ReadTransaction(connection);
        if (Fingerprint(connection, transaction, "SELECT At, Action, EntityId, CustomerId FROM audit_entries WHERE Id = $id", AuditId) != AuditFingerprint)
        {
            return $"audit entry {AuditId} is not the one the snapshot saw (a different database)";
        }

        // A snapshot of an empty ledger saw no first customer: the customers added since are read as changed.
        if (MaxCustomerId > 0 && Fingerprint(connection, transaction, FirstCustomer, 1) != FirstCustomerFingerprint)
        {
            return "the first customer is not the one the snapshot saw (a different database)";
        }

        return Fingerprint(connection, transaction, "SELECT CustomerId, Dimension, AtUnixMs, ToSegment FROM cls_segment_changes WHERE Sequence = $id", ChangeSequence) != ChangeFingerprint
            ? $"segment change {ChangeSequence} is not the one the snapshot saw (a different database)"
            : null;
    }

    /// <summary>The customers the ledger or the classification log changed after these marks (new customers, new
    /// purchases, invoices and payments, audited commands, membership changes).</summary>
    public HashSet<long> ChangedSince(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CustomerId FROM audit_entries WHERE Id > $audit AND CustomerId IS NOT NULL
            UNION SELECT CustomerId FROM cls_segment_changes WHERE Sequence > $sequence
            UNION SELECT Id FROM customers WHERE Id > $customer
            UNION SELECT CustomerId FROM transactions WHERE Id > $transaction
            UNION SELECT CustomerId FROM invoices WHERE Id > $invoice
            UNION SELECT CustomerId FROM payments WHERE Id > $payment
            """;
        Add(command, "$audit", AuditId);
        Add(command, "$sequence", ChangeSequence);
        Add(command, "$customer", MaxCustomerId);
        Add(command, "$transaction", MaxTransactionId);
        Add(command, "$invoice", MaxInvoiceId);
        Add(command, "$payment", MaxPaymentId);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>Who the first customer is and when it was created: neither changes once written.</summary>
    private const string FirstCustomer = "SELECT Id, CreatedAt FROM customers ORDER BY Id LIMIT 1";

    private static long Scalar(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Fingerprint(DbConnection connection, DbTransaction transaction, string sql, long id)
    {
        if (id == 0) return "";
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (sql.Contains("$id", StringComparison.Ordinal)) Add(command, "$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return "(missing)";
        var values = new string[reader.FieldCount];
        for (var i = 0; i < values.Length; i++) values[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
        return string.Join('|', values);
    }

    private static void Add(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
