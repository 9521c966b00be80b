using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Model;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Ledger entities to API messages, and API dates/times to validated .NET values.</summary>
internal static class LedgerProtoMap
{
    public static Api.Customer ToProto(Customer c)
    {
        var credit = CreditSummary.Of(c);
        var message = new Api.Customer
        {
            Id = c.Id,
            ExternalRef = c.ExternalRef,
            Name = c.Name,
            Type = (Api.CustomerType)c.Type,
            Industry = c.Industry,
            Region = c.Region,
            Size = c.Size,
            ContactName = c.ContactName,
            Phone = c.Phone,
            Email = c.Email,
            Address = c.Address,
            TaxId = c.TaxId,
            CreatedAt = Timestamp.FromDateTime(c.CreatedAt),
            UpdatedAt = Timestamp.FromDateTime(c.UpdatedAt),
            Archived = c.Archived,
            MergedIntoId = c.MergedIntoId ?? 0,
            SalesTotalMinor = c.SalesTotalMinor,
            RefundTotalMinor = c.RefundTotalMinor,
            TransactionCount = c.TransactionCount,
            OutstandingMinor = c.OutstandingMinor,
            CreditBalanceMinor = c.CreditBalanceMinor,
            WrittenOffMinor = c.WrittenOffMinor,
            HasCreditLimit = credit.HasLimit,
            CreditLimitMinor = credit.LimitMinor,
            CreditUsedMinor = credit.UsedMinor,
            CreditUtilisationBp = credit.UtilisationBp,
        };
        message.Tags.AddRange(c.Tags);
        foreach (var attribute in c.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            message.Attributes[attribute.Key] = attribute.Value;
        }

        return message;
    }

    public static Api.Transaction ToProto(Transaction t) => new()
    {
        Id = t.Id,
        CustomerId = t.CustomerId,
        Kind = (Api.TransactionKind)t.Kind,
        AmountMinor = t.AmountMinor,
        Currency = t.Currency,
        Product = t.Product,
        Quantity = t.Quantity,
        OccurredAt = Timestamp.FromDateTime(t.OccurredAt),
        RecordedAt = Timestamp.FromDateTime(t.RecordedAt),
        IdempotencyKey = t.IdempotencyKey ?? "",
    };

    public static Api.Invoice ToProto(Invoice i) => new()
    {
        Id = i.Id,
        CustomerId = i.CustomerId,
        Number = i.Number,
        AmountMinor = i.AmountMinor,
        Currency = i.Currency,
        IssueDate = ToProto(i.IssueDate),
        DueDate = ToProto(i.DueDate),
        PaidMinor = i.PaidMinor,
        WrittenOffMinor = i.WrittenOffMinor,
        OutstandingMinor = i.OutstandingMinor,
        Status = (Api.InvoiceStatus)i.Status,
        WriteOffReason = i.WriteOffReason,
        WrittenOffOn = i.WrittenOffOn is { } d ? ToProto(d) : null,
        CreatedAt = Timestamp.FromDateTime(i.CreatedAt),
        IdempotencyKey = i.IdempotencyKey ?? "",
    };

    public static Api.Payment ToProto(Payment p)
    {
        var message = new Api.Payment
        {
            Id = p.Id,
            CustomerId = p.CustomerId,
            AmountMinor = p.AmountMinor,
            Currency = p.Currency,
            ReceivedDate = ToProto(p.ReceivedDate),
            UnappliedMinor = p.UnappliedMinor,
            Reference = p.Reference,
            CreatedAt = Timestamp.FromDateTime(p.CreatedAt),
            IdempotencyKey = p.IdempotencyKey ?? "",
        };
        message.Allocations.AddRange(p.Allocations.OrderBy(a => a.Id).Select(a => new Api.PaymentAllocation { InvoiceId = a.InvoiceId, AmountMinor = a.AmountMinor }));
        return message;
    }

    public static Api.Note ToProto(Note n) => new()
    {
        Id = n.Id,
        CustomerId = n.CustomerId,
        Channel = (Api.NoteChannel)n.Channel,
        Text = n.Text,
        OccurredAt = Timestamp.FromDateTime(n.OccurredAt),
        Author = n.Author,
        CreatedAt = Timestamp.FromDateTime(n.CreatedAt),
    };

    public static Api.Credit ToProto(CreditSummary c, string currency) => new()
    {
        CustomerId = c.CustomerId,
        HasLimit = c.HasLimit,
        LimitMinor = c.LimitMinor,
        UsedMinor = c.UsedMinor,
        AvailableMinor = c.AvailableMinor,
        UtilisationBp = c.UtilisationBp,
        Currency = currency,
    };

    public static Api.Receivables ToProto(ReceivablesSummary r) => new()
    {
        CustomerId = r.CustomerId,
        AsOf = ToProto(r.AsOf),
        OutstandingMinor = r.OutstandingMinor,
        OverdueMinor = r.OverdueMinor,
        CurrentMinor = r.CurrentMinor,
        Days130Minor = r.Days1To30Minor,
        Days3160Minor = r.Days31To60Minor,
        Days6190Minor = r.Days61To90Minor,
        DaysOver90Minor = r.DaysOver90Minor,
        OldestOverdueDays = r.OldestOverdueDays,
        WrittenOffMinor = r.WrittenOffMinor,
        CreditBalanceMinor = r.CreditBalanceMinor,
        OpenInvoiceCount = r.OpenInvoiceCount,
    };

    public static Api.Date ToProto(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    /// <summary>A required date: missing or impossible (2026-02-30) is INVALID_ARGUMENT naming the field.</summary>
    public static DateOnly ToDate(Api.Date? date, string field) =>
        ToOptionalDate(date, field) ?? throw LedgerException.Invalid(field, "is required");

    public static DateOnly? ToOptionalDate(Api.Date? date, string field)
    {
        if (date is null)
        {
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            throw LedgerException.Invalid(field, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a calendar date");
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    /// <summary>A timestamp, or null when absent; out-of-range seconds/nanos are INVALID_ARGUMENT.</summary>
    public static DateTime? ToOptionalTime(Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }

        // Timestamp's valid range is 0001-01-01..9999-12-31 with nanos in [0, 1e9).
        if (timestamp.Seconds is < -62135596800 or > 253402300799 || timestamp.Nanos is < 0 or > 999_999_999)
        {
            throw LedgerException.Invalid(field, $"is not a valid timestamp (seconds={timestamp.Seconds}, nanos={timestamp.Nanos})");
        }

        return timestamp.ToDateTime();
    }
}
