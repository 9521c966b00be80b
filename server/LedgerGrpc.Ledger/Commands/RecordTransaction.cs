using System.Globalization;
using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>
/// Records a sale or refund and updates the customer's running totals. This is the hot path, so it
/// uses prepared SQL rather than EF change tracking; it checks everything before its first write.
/// </summary>
public sealed class RecordTransaction : LedgerCommand<Transaction>
{
    internal const string Scope = "transaction";

    public long CustomerId { get; init; }
    public TransactionKind Kind { get; init; }
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public string Product { get; init; } = "";
    public int Quantity { get; init; }
    public DateTime OccurredAt { get; init; }
    public string? IdempotencyKey { get; init; }

    public override string Name => "RecordTransaction";

    public override void Validate(LedgerOptions options)
    {
        Check.Id(CustomerId, "customer_id");
        Check.Defined(Kind, "kind");
        Check.Positive(AmountMinor, "amount_minor");
        Check.Currency(Currency, options);
        Check.Optional(Product, "product", 200);
        if (Quantity < 1)
        {
            throw LedgerException.Invalid("quantity", $"must be at least 1 (got {Quantity})");
        }

        if (OccurredAt == default)
        {
            throw LedgerException.Invalid("occurred_at", "is required");
        }

        Check.Optional(IdempotencyKey, "idempotency_key", 128);
    }

    internal override Transaction Apply(LedgerWriteSession session)
    {
        var fingerprint = IdempotencyKey is { Length: > 0 }
            ? LedgerWriteSession.Fingerprint(string.Join('|', CustomerId, (int)Kind, AmountMinor, Currency, Product, Quantity, OccurredAt.Ticks.ToString(CultureInfo.InvariantCulture)))
            : "";
        if (session.FindIdempotent(Scope, IdempotencyKey, fingerprint) is { } existingId)
        {
            return Load(session, existingId);
        }

        long sales, refunds, count;
        DateTime? first, last;
        using (var reader = session.Command(
            "SELECT \"Archived\", \"SalesTotalMinor\", \"RefundTotalMinor\", \"TransactionCount\", \"FirstPurchaseAt\", \"LastPurchaseAt\" FROM customers WHERE \"Id\" = $p0",
            CustomerId).ExecuteReader())
        {
            if (!reader.Read())
            {
                throw LedgerException.NotFound("customer", CustomerId);
            }

            if (reader.GetBoolean(0))
            {
                throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {CustomerId} is archived; record transactions on the customer it was merged into or restore it");
            }

            (sales, refunds, count) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            first = reader.IsDBNull(4) ? null : DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc);
            last = reader.IsDBNull(5) ? null : DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc);
        }

        if (Kind == TransactionKind.Sale)
        {
            sales = Check.Add(sales, AmountMinor, "amount_minor");
            first = first is null || OccurredAt < first ? OccurredAt : first;
            last = last is null || OccurredAt > last ? OccurredAt : last;
        }
        else
        {
            refunds = Check.Add(refunds, AmountMinor, "amount_minor");
        }

        count = Check.Add(count, 1, "transaction_count");

        var transaction = new Transaction
        {
            CustomerId = CustomerId,
            Kind = Kind,
            AmountMinor = AmountMinor,
            Currency = Currency,
            Product = Product,
            Quantity = Quantity,
            OccurredAt = OccurredAt,
            RecordedAt = session.Now,
            IdempotencyKey = string.IsNullOrEmpty(IdempotencyKey) ? null : IdempotencyKey,
        };
        transaction.Id = (long)session.Scalar(
            "INSERT INTO transactions (\"CustomerId\", \"Kind\", \"AmountMinor\", \"Currency\", \"Product\", \"Quantity\", \"OccurredAt\", \"RecordedAt\", \"IdempotencyKey\") VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8) RETURNING \"Id\"",
            CustomerId, (int)Kind, AmountMinor, Currency, Product, Quantity, OccurredAt, session.Now, transaction.IdempotencyKey)!;
        session.Execute(
            "UPDATE customers SET \"SalesTotalMinor\" = $p1, \"RefundTotalMinor\" = $p2, \"TransactionCount\" = $p3, \"FirstPurchaseAt\" = $p4, \"LastPurchaseAt\" = $p5, \"UpdatedAt\" = $p6 WHERE \"Id\" = $p0",
            CustomerId, sales, refunds, count, first, last, session.Now);
        session.RecordIdempotent(Scope, IdempotencyKey, fingerprint, transaction.Id);
        session.Audit(Name, nameof(Transaction), transaction.Id, CustomerId, null, transaction);
        session.Changed(Name, CustomerId, transaction.Id);
        return transaction;
    }

    private static Transaction Load(LedgerWriteSession session, long id) =>
        session.Db.Transactions.AsNoTracking().Single(t => t.Id == id);
}
