using LedgerGrpc.Ledger.Model;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// The seeder's prepared INSERTs. Insert* calls only record the row (the generating thread);
/// <see cref="Execute"/> runs recorded rows on the connection's thread, so generating and
/// writing use both cores.
/// </summary>
internal sealed class SeedStatements(SqliteConnection connection) : IDisposable
{
    private List<(SqliteCommand Command, object?[] Values)> _rows = new(16_384);

    private readonly SqliteCommand _customer = Prepare(connection, "customers",
        "Id", "ExternalRef", "Name", "Type", "Industry", "Region", "Size", "ContactName", "Phone", "Email", "Address", "TaxId", "Tags",
        "CreatedAt", "UpdatedAt", "Archived", "NameKey", "PhoneKey", "EmailKey", "SalesTotalMinor", "RefundTotalMinor", "TransactionCount",
        "FirstPurchaseAt", "LastPurchaseAt", "InvoicedTotalMinor", "OutstandingMinor", "WrittenOffMinor", "CreditBalanceMinor");

    private readonly SqliteCommand _attribute = Prepare(connection, "customer_attributes", "CustomerId", "Key", "Value");

    private readonly SqliteCommand _transaction = Prepare(connection, "transactions",
        "Id", "CustomerId", "Kind", "AmountMinor", "Currency", "Product", "Quantity", "OccurredAt", "RecordedAt");

    private readonly SqliteCommand _invoice = Prepare(connection, "invoices",
        "Id", "CustomerId", "Number", "AmountMinor", "Currency", "IssueDate", "DueDate", "PaidMinor", "WrittenOffMinor", "Status",
        "WriteOffReason", "WrittenOffOn", "CreatedAt");

    private readonly SqliteCommand _payment = Prepare(connection, "payments",
        "Id", "CustomerId", "AmountMinor", "Currency", "ReceivedDate", "Reference", "UnappliedMinor", "CreatedAt");

    private readonly SqliteCommand _allocation = Prepare(connection, "payment_allocations", "PaymentId", "InvoiceId", "AmountMinor", "AppliedOn");

    public string Currency { get; init; } = "CNY";

    public void Bind(SqliteTransaction transaction)
    {
        foreach (var command in new[] { _customer, _attribute, _transaction, _invoice, _payment, _allocation })
        {
            command.Transaction = transaction;
        }
    }

    public void InsertCustomer(LedgerSeeder.CustomerRow r, DateTime now) => Run(_customer,
        r.Id, r.ExternalRef, r.Name, (int)r.Type, r.Industry, r.Region, r.Size, r.ContactName, r.Phone, r.Email, "", r.TaxId, "[]",
        now, now, false, DuplicateKeys.Name(r.Name), DuplicateKeys.Phone(r.Phone), DuplicateKeys.Email(r.Email), r.Sales, r.Refunds, r.Count,
        r.First, r.Last, r.Invoiced, r.Outstanding, r.WrittenOff, 0L);

    public void InsertAttribute(long customerId, string key, string value) => Run(_attribute, customerId, key, value);

    public void InsertTransaction(long id, long customerId, TransactionKind kind, long amount, string product, int quantity, DateTime at, DateTime now) =>
        Run(_transaction, id, customerId, (int)kind, amount, Currency, product, quantity, at, now);

    public void InsertInvoice(long id, long customerId, string number, long amount, DateOnly issue, DateOnly due, long paid, long writtenOff,
        InvoiceStatus status, DateOnly? writtenOn, DateTime now) =>
        Run(_invoice, id, customerId, number, amount, Currency, issue, due, paid, writtenOff, (int)status,
            writtenOn is null ? "" : "uncollectible (seed)", writtenOn, now);

    public void InsertPayment(long id, long customerId, long amount, DateOnly received, DateTime now) =>
        Run(_payment, id, customerId, amount, Currency, received, "", 0L, now);

    public void InsertAllocation(long paymentId, long invoiceId, long amount, DateOnly on) => Run(_allocation, paymentId, invoiceId, amount, on);

    public void Dispose()
    {
        foreach (var command in new[] { _customer, _attribute, _transaction, _invoice, _payment, _allocation })
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i, null));
        }

        return command;
    }

    private void Run(SqliteCommand command, params object?[] values) => _rows.Add((command, values));

    /// <summary>Hands over the rows recorded so far and starts a new list.</summary>
    public List<(SqliteCommand Command, object?[] Values)> TakeRows()
    {
        var rows = _rows;
        _rows = new List<(SqliteCommand, object?[])>(16_384);
        return rows;
    }

    public static void Execute(List<(SqliteCommand Command, object?[] Values)> rows)
    {
        foreach (var (command, values) in rows)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
