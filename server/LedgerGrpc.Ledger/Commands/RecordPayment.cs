using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>
/// Records money received and applies it to the named invoices in order, or to open invoices
/// oldest due first; whatever is left becomes customer credit.
/// </summary>
public sealed class RecordPayment : LedgerCommand<Payment>
{
    internal const string Scope = "payment";

    public long CustomerId { get; init; }
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public DateOnly ReceivedDate { get; init; }
    public IReadOnlyList<long> InvoiceIds { get; init; } = [];
    public string Reference { get; init; } = "";
    public string? IdempotencyKey { get; init; }

    public override string Name => "RecordPayment";

    /// <summary>How many invoices one payment may name (each is looked up and allocated in the writer's transaction).</summary>
    public const int MaxInvoiceIds = 1000;

    public override void Validate(LedgerOptions options)
    {
        Check.Id(CustomerId, "customer_id");
        Check.Amount(AmountMinor, "amount_minor", options);
        Check.Currency(Currency, options);
        if (ReceivedDate == default)
        {
            throw LedgerException.Invalid("received_date", "is required");
        }

        if (InvoiceIds.Count > MaxInvoiceIds)
        {
            throw LedgerException.Invalid("invoice_ids", $"has {InvoiceIds.Count} entries; the limit is {MaxInvoiceIds} (none: oldest open invoices first)");
        }

        for (var i = 0; i < InvoiceIds.Count; i++)
        {
            Check.Id(InvoiceIds[i], $"invoice_ids[{i}]");
        }

        if (InvoiceIds.Distinct().Count() != InvoiceIds.Count)
        {
            throw LedgerException.Invalid("invoice_ids", "names an invoice more than once");
        }

        Check.Optional(Reference, "reference", 128);
        Check.Optional(IdempotencyKey, "idempotency_key", 128);
    }

    internal override Payment Apply(LedgerWriteSession session)
    {
        var fingerprint = LedgerWriteSession.Fingerprint($"{CustomerId}|{AmountMinor}|{Currency}|{ReceivedDate:O}|{string.Join(',', InvoiceIds)}|{Reference}");
        if (session.FindIdempotent(Scope, IdempotencyKey, fingerprint) is { } existing)
        {
            return session.Db.Payments.AsNoTracking().Include(p => p.Allocations).Single(p => p.Id == existing);
        }

        var db = session.Db;
        var customer = CustomerGuard.Active(db, CustomerId);
        var targets = InvoiceIds.Count > 0 ? NamedInvoices(db) : OpenInvoicesOldestFirst(db);
        var payment = new Payment
        {
            CustomerId = CustomerId,
            AmountMinor = AmountMinor,
            Currency = Currency,
            ReceivedDate = ReceivedDate,
            Reference = Reference,
            CreatedAt = session.Now,
            IdempotencyKey = string.IsNullOrEmpty(IdempotencyKey) ? null : IdempotencyKey,
        };
        var remaining = AmountMinor;
        foreach (var invoice in targets)
        {
            if (remaining == 0)
            {
                break;
            }

            var applied = Math.Min(remaining, invoice.OutstandingMinor);
            if (applied <= 0)
            {
                continue;
            }

            invoice.PaidMinor += applied;
            if (invoice.OutstandingMinor == 0)
            {
                invoice.Status = InvoiceStatus.Paid;
            }

            payment.Allocations.Add(new PaymentAllocation { InvoiceId = invoice.Id, AmountMinor = applied, AppliedOn = ReceivedDate });
            remaining -= applied;
        }

        payment.UnappliedMinor = remaining;
        customer.OutstandingMinor -= AmountMinor - remaining;
        customer.CreditBalanceMinor = Check.Add(customer.CreditBalanceMinor, remaining, "amount_minor");
        customer.UpdatedAt = session.Now;
        db.Payments.Add(payment);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.RecordIdempotent(Scope, IdempotencyKey, fingerprint, payment.Id);
        session.Audit(Name, nameof(Payment), payment.Id, CustomerId, null, payment);
        session.Changed(Name, CustomerId, payment.Id);
        return payment;
    }

    private List<Invoice> NamedInvoices(LedgerDbContext db)
    {
        var found = db.Invoices.Where(i => InvoiceIds.Contains(i.Id)).ToDictionary(i => i.Id);
        var ordered = new List<Invoice>(InvoiceIds.Count);
        if (InvoiceIds.Count > MaxInvoiceIds)
        {
            throw LedgerException.Invalid("invoice_ids", $"has {InvoiceIds.Count} entries; the limit is {MaxInvoiceIds} (none: oldest open invoices first)");
        }

        for (var i = 0; i < InvoiceIds.Count; i++)
        {
            if (!found.TryGetValue(InvoiceIds[i], out var invoice))
            {
                throw new LedgerException(LedgerErrorCode.NotFound, $"invoice_ids[{i}]: invoice {InvoiceIds[i]} does not exist");
            }

            if (invoice.CustomerId != CustomerId)
            {
                throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"invoice_ids[{i}]: invoice {invoice.Id} belongs to customer {invoice.CustomerId}, not {CustomerId}");
            }

            if (invoice.Status != InvoiceStatus.Open)
            {
                throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"invoice_ids[{i}]: invoice {invoice.Id} is {invoice.Status.ToString().ToLowerInvariant()}, not open");
            }

            ordered.Add(invoice);
        }

        return ordered;
    }

    private List<Invoice> OpenInvoicesOldestFirst(LedgerDbContext db) =>
        db.Invoices.Where(i => i.CustomerId == CustomerId && i.Status == InvoiceStatus.Open)
            .OrderBy(i => i.DueDate).ThenBy(i => i.Id).ToList();
}
