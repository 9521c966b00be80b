using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>API requests to ledger commands (which validate themselves with the API's field names).</summary>
internal static class LedgerRequestMap
{
    /// <summary>How far ahead of the ledger clock an occurred_at may be (clock skew between services).</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    public static CustomerFields Fields(Api.CreateCustomerRequest r) => new()
    {
        ExternalRef = r.ExternalRef,
        Name = r.Name,
        Type = (CustomerType)r.Type,
        Industry = r.Industry,
        Region = r.Region,
        Size = r.Size,
        ContactName = r.ContactName,
        Phone = r.Phone,
        Email = r.Email,
        Address = r.Address,
        TaxId = r.TaxId,
        Tags = [.. r.Tags],
        Attributes = new Dictionary<string, string>(r.Attributes),
    };

    public static CustomerFields Fields(Api.Customer c) => new()
    {
        ExternalRef = c.ExternalRef,
        Name = c.Name,
        Type = (CustomerType)c.Type,
        Industry = c.Industry,
        Region = c.Region,
        Size = c.Size,
        ContactName = c.ContactName,
        Phone = c.Phone,
        Email = c.Email,
        Address = c.Address,
        TaxId = c.TaxId,
        Tags = [.. c.Tags],
        Attributes = new Dictionary<string, string>(c.Attributes),
    };

    public static RecordTransaction Transaction(Api.RecordTransactionRequest r, TimeProvider clock)
    {
        var occurredAt = LedgerProtoMap.ToOptionalTime(r.OccurredAt, "occurred_at")
            ?? throw LedgerException.Invalid("occurred_at", "is required");
        if (occurredAt > clock.GetUtcNow().UtcDateTime + FutureTolerance)
        {
            throw LedgerException.Invalid("occurred_at", $"{occurredAt:O} is in the future");
        }

        return new RecordTransaction
        {
            CustomerId = r.CustomerId,
            Kind = (TransactionKind)r.Kind,
            AmountMinor = r.AmountMinor,
            Currency = r.Currency,
            Product = r.Product,
            Quantity = r.Quantity,
            OccurredAt = occurredAt,
            IdempotencyKey = r.IdempotencyKey,
        };
    }

    public static IssueInvoice Invoice(Api.IssueInvoiceRequest r) => new()
    {
        CustomerId = r.CustomerId,
        AmountMinor = r.AmountMinor,
        Currency = r.Currency,
        IssueDate = LedgerProtoMap.ToDate(r.IssueDate, "issue_date"),
        DueDate = r.DueCase == Api.IssueInvoiceRequest.DueOneofCase.DueDate ? LedgerProtoMap.ToDate(r.DueDate, "due_date") : null,
        PaymentTermsDays = r.DueCase == Api.IssueInvoiceRequest.DueOneofCase.PaymentTermsDays ? r.PaymentTermsDays : null,
        Number = r.Number,
        IdempotencyKey = r.IdempotencyKey,
    };

    public static RecordPayment Payment(Api.RecordPaymentRequest r) => new()
    {
        CustomerId = r.CustomerId,
        AmountMinor = r.AmountMinor,
        Currency = r.Currency,
        ReceivedDate = LedgerProtoMap.ToDate(r.ReceivedDate, "received_date"),
        InvoiceIds = [.. r.InvoiceIds],
        Reference = r.Reference,
        IdempotencyKey = r.IdempotencyKey,
    };

    public static WriteOffInvoice WriteOff(Api.WriteOffInvoiceRequest r) => new()
    {
        InvoiceId = r.InvoiceId,
        Reason = r.Reason,
        WriteOffDate = LedgerProtoMap.ToOptionalDate(r.WriteOffDate, "write_off_date"),
    };

    public static AddNote Note(Api.AddNoteRequest r) => new()
    {
        CustomerId = r.CustomerId,
        Channel = (NoteChannel)r.Channel,
        Text = r.Text,
        OccurredAt = LedgerProtoMap.ToOptionalTime(r.OccurredAt, "occurred_at"),
        Author = r.Author,
    };
}
