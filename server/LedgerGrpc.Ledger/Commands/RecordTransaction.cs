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

    internal override bool ChecksBeforeWriting => true;

    public override void Validate(LedgerOptions options)
    {
        Check.Id(CustomerId, "customer_id");
        Check.Defined(Kind, "kind");
        Check.Amount(AmountMinor, "amount_minor", options);
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

        var totals = session.PurchaseTotals(CustomerId);
        var (sales, refunds, first, last) = (totals.SalesTotalMinor, totals.RefundTotalMinor, totals.FirstPurchaseAt, totals.LastPurchaseAt);
        if (Kind == TransactionKind.Sale)
        {
            sales = Check.Add(sales, AmountMinor, "amount_minor");
            first = first is null || OccurredAt < first ? OccurredAt : first;
            last = last is null || OccurredAt > last ? OccurredAt : last;
        }
        else
        {
            // A refund gives back what the customer paid: never more than its sales so far less what was already refunded
            // (the batch's earlier commands included, the totals are held for the batch).
            var net = sales - refunds;
            if (AmountMinor > net)
            {
                throw new LedgerException(LedgerErrorCode.FailedPrecondition,
                    $"refund of {AmountMinor} minor units exceeds customer {CustomerId}'s net sales of {net} (sales {sales}, refunded {refunds})");
            }

            refunds += AmountMinor;
        }

        var count = Check.Add(totals.TransactionCount, 1, "transaction_count");

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
        session.Insert(transaction);
        session.RecordIdempotent(Scope, IdempotencyKey, fingerprint, transaction.Id);
        session.Audit(Name, nameof(Transaction), transaction.Id, CustomerId, null, transaction);
        session.Changed(Name, CustomerId, transaction.Id, transaction);

        // Written to the customer row by FlushTotals, once per batch.
        (totals.SalesTotalMinor, totals.RefundTotalMinor, totals.TransactionCount, totals.FirstPurchaseAt, totals.LastPurchaseAt, totals.Dirty) =
            (sales, refunds, count, first, last, true);
        return transaction;
    }

    private static Transaction Load(LedgerWriteSession session, long id) =>
        session.Db.Transactions.AsNoTracking().Single(t => t.Id == id);
}
