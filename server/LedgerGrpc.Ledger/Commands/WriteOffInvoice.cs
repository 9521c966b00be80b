using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Writes off what is still owed on an open invoice as bad debt. Repeating it with the same reason returns the invoice unchanged.</summary>
public sealed class WriteOffInvoice : LedgerCommand<Invoice>
{
    public long InvoiceId { get; init; }
    public string Reason { get; init; } = "";

    /// <summary>Null: today on the ledger clock (UTC).</summary>
    public DateOnly? WriteOffDate { get; init; }

    public override string Name => "WriteOffInvoice";

    public override void Validate(LedgerOptions options)
    {
        Check.Id(InvoiceId, "invoice_id");
        Check.Required(Reason, "reason", 500);
    }

    internal override Invoice Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        var invoice = db.Invoices.Find(InvoiceId) ?? throw LedgerException.NotFound("invoice", InvoiceId);
        if (invoice.Status == InvoiceStatus.WrittenOff && invoice.WriteOffReason == Reason)
        {
            db.ChangeTracker.Clear();
            return invoice;
        }

        if (invoice.Status != InvoiceStatus.Open)
        {
            throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"invoice {InvoiceId} is {invoice.Status.ToString().ToLowerInvariant()}; only an open invoice can be written off");
        }

        var date = WriteOffDate ?? DateOnly.FromDateTime(session.Now);
        if (date < invoice.IssueDate)
        {
            throw LedgerException.Invalid("write_off_date", $"{date:yyyy-MM-dd} is before the invoice's issue date {invoice.IssueDate:yyyy-MM-dd}");
        }

        var customer = CustomerGuard.Active(db, invoice.CustomerId);
        var before = LedgerWriteSession.ToJson(invoice);
        var amount = invoice.OutstandingMinor;
        invoice.WrittenOffMinor = amount;
        invoice.Status = InvoiceStatus.WrittenOff;
        invoice.WriteOffReason = Reason;
        invoice.WrittenOffOn = date;
        customer.OutstandingMinor -= amount;
        customer.WrittenOffMinor = Check.Add(customer.WrittenOffMinor, amount, "written_off_minor");
        customer.UpdatedAt = session.Now;
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(Invoice), invoice.Id, invoice.CustomerId, before, invoice);
        session.Changed(Name, invoice.CustomerId, invoice.Id);
        return invoice;
    }
}
