using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Issues an invoice (a receivable) due on a date or after net-N payment terms.</summary>
public sealed class IssueInvoice : LedgerCommand<Invoice>
{
    internal const string Scope = "invoice";

    public long CustomerId { get; init; }
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public DateOnly IssueDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public int? PaymentTermsDays { get; init; }
    public string Number { get; init; } = "";
    public string? IdempotencyKey { get; init; }

    public override string Name => "IssueInvoice";

    /// <summary>The due date from the explicit date or the terms.</summary>
    public DateOnly EffectiveDueDate => DueDate ?? IssueDate.AddDays(PaymentTermsDays ?? 0);

    public override void Validate(LedgerOptions options)
    {
        Check.Id(CustomerId, "customer_id");
        Check.Amount(AmountMinor, "amount_minor", options);
        Check.Currency(Currency, options);
        if (IssueDate == default)
        {
            throw LedgerException.Invalid("issue_date", "is required");
        }

        if (DueDate is null && PaymentTermsDays is null)
        {
            throw LedgerException.Invalid("due", "needs due_date or payment_terms_days");
        }

        if (PaymentTermsDays is { } terms && (terms < 1 || terms > 3650))
        {
            throw LedgerException.Invalid("payment_terms_days", $"must be between 1 and 3650 (got {terms})");
        }

        if (DueDate is { } due && due < IssueDate)
        {
            throw LedgerException.Invalid("due_date", $"{due:yyyy-MM-dd} is before issue_date {IssueDate:yyyy-MM-dd}");
        }

        Check.Optional(Number, "number", 64);
        Check.Optional(IdempotencyKey, "idempotency_key", 128);
    }

    internal override Invoice Apply(LedgerWriteSession session)
    {
        var fingerprint = LedgerWriteSession.Fingerprint($"{CustomerId}|{AmountMinor}|{Currency}|{IssueDate:O}|{EffectiveDueDate:O}|{Number}");
        if (session.FindIdempotent(Scope, IdempotencyKey, fingerprint) is { } existing)
        {
            return session.Db.Invoices.AsNoTracking().Single(i => i.Id == existing);
        }

        var db = session.Db;
        var customer = CustomerGuard.Active(db, CustomerId);
        customer.InvoicedTotalMinor = Check.Add(customer.InvoicedTotalMinor, AmountMinor, "amount_minor");
        customer.OutstandingMinor = Check.Add(customer.OutstandingMinor, AmountMinor, "amount_minor");
        customer.UpdatedAt = session.Now;
        var invoice = new Invoice
        {
            CustomerId = CustomerId,
            Number = Number,
            AmountMinor = AmountMinor,
            Currency = Currency,
            IssueDate = IssueDate,
            DueDate = EffectiveDueDate,
            Status = InvoiceStatus.Open,
            CreatedAt = session.Now,
            IdempotencyKey = string.IsNullOrEmpty(IdempotencyKey) ? null : IdempotencyKey,
        };
        db.Invoices.Add(invoice);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.RecordIdempotent(Scope, IdempotencyKey, fingerprint, invoice.Id);
        session.Audit(Name, nameof(Invoice), invoice.Id, CustomerId, null, invoice);
        session.Changed(Name, CustomerId, invoice.Id);
        return invoice;
    }
}
