using System.Globalization;
using System.Text.Json;
using LedgerGrpc.Ledger.Model;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Classification.Features;

/// <summary>
/// Start-up's read of the whole ledger, a range of customer ids at a time, in plain SQL: the same rows and the same
/// facts as <see cref="LedgerFactsLoader.LoadRangeAsync"/> reads through EF Core (a test holds them equal), without EF's
/// query pipeline and entity materialisation: at 100,000 customers a first start took 1.9 s less CPU. The queries of a
/// range run in one read transaction, so a range is one state of the ledger; a customer written after its range was
/// read is reloaded when the load finishes (FinishLoadingAsync).
/// </summary>
public static class LedgerFactsRangeReader
{
    /// <summary>The customers with ids in [<paramref name="fromId"/>, <paramref name="toId"/>).</summary>
    public static Dictionary<long, CustomerFacts> Read(SqliteConnection connection, long fromId, long toId)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        void Rows(string sql, Action<SqliteDataReader> row) => ForEach(connection, transaction, sql, fromId, toId, row);

        var purchases = new Dictionary<long, List<PurchaseFact>>();
        var lastTransaction = new Dictionary<long, long>();
        Rows("SELECT CustomerId, Id, OccurredAt, AmountMinor, Kind, Product FROM transactions WHERE CustomerId >= $from AND CustomerId < $to ORDER BY CustomerId, Id", r =>
        {
            var customer = r.GetInt64(0);
            ListFor(purchases, customer).Add(new PurchaseFact(Utc(r.GetString(2)), r.GetInt64(3), (TransactionKind)r.GetInt64(4) == TransactionKind.Refund, StringPool.Share(r.GetString(5))));
            // Ids ascend within a customer: the last one read is the highest.
            lastTransaction[customer] = r.GetInt64(1);
        });

        // Dates are stored as yyyy-MM-dd text, so the largest string is the latest date.
        var settledOn = new Dictionary<long, string>();
        Rows("""
            SELECT a.InvoiceId, MAX(a.AppliedOn) FROM invoices AS i JOIN payment_allocations AS a ON a.InvoiceId = i.Id
            WHERE i.CustomerId >= $from AND i.CustomerId < $to GROUP BY a.InvoiceId
            """, r => settledOn[r.GetInt64(0)] = r.GetString(1));

        var invoices = new Dictionary<long, List<InvoiceFact>>();
        Rows("SELECT Id, CustomerId, IssueDate, DueDate, AmountMinor, PaidMinor, WrittenOffMinor, Status FROM invoices WHERE CustomerId >= $from AND CustomerId < $to", r =>
        {
            DateTime? settled = (InvoiceStatus)r.GetInt64(7) == InvoiceStatus.Paid && settledOn.TryGetValue(r.GetInt64(0), out var on) ? Date(on) : null;
            ListFor(invoices, r.GetInt64(1)).Add(new InvoiceFact(Date(r.GetString(2)), Date(r.GetString(3)), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), settled));
        });

        var attributes = new Dictionary<long, List<KeyValuePair<string, string>>>();
        Rows("SELECT CustomerId, Key, Value FROM customer_attributes WHERE CustomerId >= $from AND CustomerId < $to ORDER BY CustomerId, Key",
            r => ListFor(attributes, r.GetInt64(0)).Add(KeyValuePair.Create(r.GetString(1), r.GetString(2))));

        var limits = new Dictionary<long, long>();
        Rows("SELECT CustomerId, LimitMinor FROM credit_limits WHERE CustomerId >= $from AND CustomerId < $to", r => limits[r.GetInt64(0)] = r.GetInt64(1));

        var result = new Dictionary<long, CustomerFacts>();
        Rows("SELECT Id, ExternalRef, Name, Type, Industry, Region, Size, Tags, CreatedAt, Archived, MergedIntoId, CreditBalanceMinor FROM customers WHERE Id >= $from AND Id < $to", r =>
        {
            var id = r.GetInt64(0);
            var profile = new CustomerProfile(id, r.GetString(1), r.GetString(2), TypeName((CustomerType)r.GetInt64(3)),
                StringPool.Share(r.GetString(4)), StringPool.Share(r.GetString(5)), StringPool.Share(r.GetString(6)), Tags(r.GetString(7)),
                attributes.TryGetValue(id, out var a) ? a : [], Utc(r.GetString(8)), r.GetInt64(9) != 0 || !r.IsDBNull(10));
            var history = purchases.TryGetValue(id, out var p) ? PurchaseHistory.Of([.. p], lastTransaction[id]) : PurchaseHistory.Empty;
            result[id] = new CustomerFacts(profile, history, invoices.TryGetValue(id, out var inv) ? [.. inv] : [], limits.GetValueOrDefault(id), r.GetInt64(11));
        });

        return result;
    }

    /// <summary>Runs <paramref name="sql"/> over the range and calls <paramref name="row"/> for each row.</summary>
    private static void ForEach(SqliteConnection connection, SqliteTransaction transaction, string sql, long fromId, long toId, Action<SqliteDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", fromId);
        command.Parameters.AddWithValue("$to", toId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }

    // EF Core's SQLite format: "yyyy-MM-dd HH:mm:ss.FFFFFFF", read as EF reads it (invariant culture, kind unspecified),
    // then marked UTC as the EF path marks it.
    private static DateTime Utc(string text) => DateTime.SpecifyKind(
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : DateTime.Parse(text, CultureInfo.InvariantCulture),
        DateTimeKind.Utc);

    private static DateTime Date(string text) =>
        DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    // Stored by EF Core as a JSON array of strings; most customers have none.
    private static string[] Tags(string json) =>
        json == "[]" ? [] : [.. (JsonSerializer.Deserialize<string[]>(json) ?? []).Select(StringPool.Share)];

    private static readonly Dictionary<CustomerType, string> TypeNames =
        Enum.GetValues<CustomerType>().ToDictionary(t => t, t => t.ToString().ToLowerInvariant());

    private static string TypeName(CustomerType type) => TypeNames.TryGetValue(type, out var name) ? name : StringPool.Share(type.ToString().ToLowerInvariant());

    private static List<T> ListFor<T>(Dictionary<long, List<T>> map, long id)
    {
        if (!map.TryGetValue(id, out var list)) map[id] = list = [];
        return list;
    }
}
