using LedgerGrpc.Classification.Features;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Features;

/// <summary>Reads the facts features are computed from out of the ledger, for some customers (inside a write's
/// transaction, so the write's own rows are seen) or for all of them (start-up).</summary>
public static class LedgerFactsLoader
{
    public static async Task<Dictionary<long, CustomerFacts>> LoadAsync(LedgerDbContext db, IReadOnlyCollection<long>? ids, CancellationToken ct)
    {
        var customers = db.Customers.AsNoTracking().Include(c => c.Attributes).Include(c => c.CreditLimit).AsQueryable();
        var transactions = db.Transactions.AsNoTracking();
        var invoices = db.Invoices.AsNoTracking();
        var allocations = db.PaymentAllocations.AsNoTracking();
        if (ids is not null)
        {
            var list = ids.ToList();
            customers = customers.Where(c => list.Contains(c.Id));
            transactions = transactions.Where(t => list.Contains(t.CustomerId));
            invoices = invoices.Where(i => list.Contains(i.CustomerId));
            allocations = allocations.Where(a => db.Invoices.Any(i => i.Id == a.InvoiceId && list.Contains(i.CustomerId)));
        }

        var purchases = new Dictionary<long, List<PurchaseFact>>();
        await foreach (var t in transactions.Select(t => new { t.CustomerId, t.OccurredAt, t.AmountMinor, t.Kind, t.Product }).AsAsyncEnumerable().WithCancellation(ct))
        {
            ListFor(purchases, t.CustomerId).Add(new PurchaseFact(t.OccurredAt, t.AmountMinor, t.Kind == TransactionKind.Refund, t.Product));
        }

        var settledOn = new Dictionary<long, DateOnly>();
        await foreach (var a in allocations.Select(a => new { a.InvoiceId, a.AppliedOn }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!settledOn.TryGetValue(a.InvoiceId, out var d) || a.AppliedOn > d) settledOn[a.InvoiceId] = a.AppliedOn;
        }

        var invoiceFacts = new Dictionary<long, List<InvoiceFact>>();
        await foreach (var i in invoices.Select(i => new { i.Id, i.CustomerId, i.IssueDate, i.DueDate, i.AmountMinor, i.PaidMinor, i.WrittenOffMinor, i.Status }).AsAsyncEnumerable().WithCancellation(ct))
        {
            DateTime? settled = i.Status == InvoiceStatus.Paid && settledOn.TryGetValue(i.Id, out var on) ? ToUtc(on) : null;
            ListFor(invoiceFacts, i.CustomerId).Add(new InvoiceFact(ToUtc(i.IssueDate), ToUtc(i.DueDate), i.AmountMinor, i.PaidMinor, i.WrittenOffMinor, settled));
        }

        var result = new Dictionary<long, CustomerFacts>();
        await foreach (var c in customers.AsAsyncEnumerable().WithCancellation(ct))
        {
            var profile = new CustomerProfile(c.Id, c.ExternalRef, c.Name, c.Type.ToString().ToLowerInvariant(), c.Industry, c.Region, c.Size,
                [.. c.Tags], c.Attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
                DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), c.Archived || c.MergedIntoId is not null);
            result[c.Id] = new CustomerFacts(profile,
                purchases.TryGetValue(c.Id, out var p) ? [.. p] : [],
                invoiceFacts.TryGetValue(c.Id, out var inv) ? [.. inv] : [],
                c.CreditLimit?.LimitMinor ?? 0,
                c.CreditBalanceMinor);
        }

        return result;
    }

    private static DateTime ToUtc(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static List<T> ListFor<T>(Dictionary<long, List<T>> map, long id)
    {
        if (!map.TryGetValue(id, out var list)) map[id] = list = [];
        return list;
    }
}
