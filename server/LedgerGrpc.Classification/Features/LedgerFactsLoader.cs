using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Features;

/// <summary>Reads the facts features are computed from out of the ledger: for all customers (start-up), for some
/// (by id), or for what one write batch changed (inside its transaction, so the batch's own rows are seen).</summary>
public static class LedgerFactsLoader
{
    /// <summary>Commands whose rows never touch another customer's purchases, so the customer's facts can be
    /// updated from what the command wrote. Anything else (a merge moves purchases between customers, a new
    /// command nobody listed here) reloads the customer's facts whole.</summary>
    private static readonly HashSet<string> Incremental = new(StringComparer.Ordinal)
    {
        "RecordTransaction", "AddNote", "IssueInvoice", "RecordPayment", "WriteOffInvoice", "SetCreditLimit", "UpdateCustomer", "ArchiveCustomer",
    };

    /// <summary>Commands that change nothing classification reads.</summary>
    private static readonly HashSet<string> Irrelevant = new(StringComparer.Ordinal) { "AddNote" };

    public static Task<Dictionary<long, CustomerFacts>> LoadAsync(LedgerDbContext db, IReadOnlyCollection<long>? ids, CancellationToken ct) =>
        LoadCoreAsync(db, ids, null, loadPurchases: true, ct);

    /// <summary>The customers with ids in [<paramref name="fromId"/>, <paramref name="toId"/>): start-up reads the
    /// ledger a range at a time, so it never holds the whole ledger as EF rows at once.</summary>
    public static Task<Dictionary<long, CustomerFacts>> LoadRangeAsync(LedgerDbContext db, long fromId, long toId, CancellationToken ct) =>
        LoadCoreAsync(db, null, (fromId, toId), loadPurchases: true, ct);

    /// <summary>
    /// The new facts of every customer a write batch changed, given each customer's facts before the batch
    /// (<paramref name="previous"/>). A customer that only gained transactions costs a primary-key read of those
    /// transactions, however long its history; one whose invoices, credit or profile changed also rereads those;
    /// one without previous facts or touched by a merge is read whole. Customers the batch changed nothing
    /// classification reads for (notes) are left out. <paramref name="db"/> is asked for only when a customer must be
    /// read, and once for the batch: the usual batch of recorded transactions needs no query, and making an EF context
    /// costs more than the rest of the batch's classification.
    /// </summary>
    public static async Task<Dictionary<long, CustomerFacts>> LoadChangesAsync(
        Func<LedgerDbContext> db, IReadOnlyList<LedgerChange> changes, Func<long, CustomerFacts?> previous, CancellationToken ct)
    {
        var whole = new HashSet<long>();
        var incremental = new HashSet<long>();
        var reread = new HashSet<long>();
        var added = new Dictionary<long, List<(long Id, PurchaseFact Fact)>>();
        foreach (var group in changes.Where(c => c.CustomerId > 0).GroupBy(c => c.CustomerId))
        {
            var commands = group.Select(c => c.Command).ToHashSet(StringComparer.Ordinal);
            if (commands.All(Irrelevant.Contains)) continue;
            var recorded = group.Where(c => c.Command == "RecordTransaction").ToList();
            // A recorded transaction comes with its stored row (reading it back would cost a query per batch); one
            // without it is read whole with the rest of the customer.
            if (previous(group.Key) is null || !commands.All(Incremental.Contains) || recorded.Exists(c => c.Transaction is null))
            {
                whole.Add(group.Key);
                continue;
            }

            incremental.Add(group.Key);
            foreach (var t in recorded.Select(c => c.Transaction!))
            {
                ListFor(added, group.Key).Add((t.Id, Purchase(t.OccurredAt, t.AmountMinor, t.Kind, t.Product)));
            }

            // Invoices, credit or the profile changed too: reread those (purchases still come from the batch).
            if (!commands.All(c => c == "RecordTransaction" || Irrelevant.Contains(c))) reread.Add(group.Key);
        }

        LedgerDbContext? context = null;
        LedgerDbContext Db() => context ??= db();
        var result = whole.Count > 0 ? await LoadCoreAsync(Db(), whole, null, loadPurchases: true, ct) : [];
        var rereadFacts = reread.Count > 0 ? await LoadCoreAsync(Db(), reread, null, loadPurchases: false, ct) : [];
        foreach (var id in incremental)
        {
            var before = previous(id)!;
            var baseFacts = rereadFacts.GetValueOrDefault(id) ?? before;
            result[id] = baseFacts.WithPurchases(added.TryGetValue(id, out var a) ? AppendNewer(before.Purchases, a) : before.Purchases);
        }

        return result;
    }

    private static PurchaseHistory AppendNewer(PurchaseHistory history, List<(long Id, PurchaseFact Fact)> added)
    {
        // A retried batch or a command replayed after a savepoint must not count a purchase twice.
        var newer = added.Where(a => a.Id > history.LastTransactionId).OrderBy(a => a.Id).ToList();
        return newer.Count == 0 ? history : history.Append([.. newer.Select(a => a.Fact)], newer[^1].Id);
    }

    private static async Task<Dictionary<long, CustomerFacts>> LoadCoreAsync(
        LedgerDbContext db, IReadOnlyCollection<long>? ids, (long From, long To)? range, bool loadPurchases, CancellationToken ct)
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
            allocations = AllocationsOf(db, invoices);
        }

        if (range is var (from, to))
        {
            customers = customers.Where(c => c.Id >= from && c.Id < to);
            transactions = transactions.Where(t => t.CustomerId >= from && t.CustomerId < to);
            invoices = invoices.Where(i => i.CustomerId >= from && i.CustomerId < to);
            allocations = AllocationsOf(db, invoices);
        }

        var purchases = loadPurchases ? await ReadTransactionsAsync(transactions, ct) : [];

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
            var profile = new CustomerProfile(c.Id, c.ExternalRef, c.Name, StringPool.Share(c.Type.ToString().ToLowerInvariant()),
                StringPool.Share(c.Industry), StringPool.Share(c.Region), StringPool.Share(c.Size),
                c.Tags.Count == 0 ? [] : [.. c.Tags.Select(StringPool.Share)],
                c.Attributes.Select(a => KeyValuePair.Create(a.Key, a.Value)),
                DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), c.Archived || c.MergedIntoId is not null);
            var history = purchases.TryGetValue(c.Id, out var p)
                ? PurchaseHistory.Of([.. p.Select(x => x.Fact)], p.Max(x => x.Id))
                : PurchaseHistory.Empty;
            result[c.Id] = new CustomerFacts(profile, history, invoiceFacts.TryGetValue(c.Id, out var inv) ? [.. inv] : [],
                c.CreditLimit?.LimitMinor ?? 0, c.CreditBalanceMinor);
        }

        return result;
    }

    /// <summary>The payment allocations of <paramref name="invoices"/>, found from the invoices (by customer index)
    /// rather than by testing every allocation in the ledger against them.</summary>
    private static IQueryable<PaymentAllocation> AllocationsOf(LedgerDbContext db, IQueryable<Invoice> invoices) =>
        invoices.Join(db.PaymentAllocations.AsNoTracking(), i => i.Id, a => a.InvoiceId, (_, a) => a);

    private static async Task<Dictionary<long, List<(long Id, PurchaseFact Fact)>>> ReadTransactionsAsync(IQueryable<Transaction> transactions, CancellationToken ct)
    {
        var byCustomer = new Dictionary<long, List<(long, PurchaseFact)>>();
        await foreach (var t in transactions.Select(t => new { t.Id, t.CustomerId, t.OccurredAt, t.AmountMinor, t.Kind, t.Product }).AsAsyncEnumerable().WithCancellation(ct))
        {
            ListFor(byCustomer, t.CustomerId).Add((t.Id, Purchase(t.OccurredAt, t.AmountMinor, t.Kind, t.Product)));
        }

        return byCustomer;
    }

    private static PurchaseFact Purchase(DateTime occurredAt, long amountMinor, TransactionKind kind, string product) =>
        new(DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc), amountMinor, kind == TransactionKind.Refund, StringPool.Share(product));

    private static DateTime ToUtc(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static List<T> ListFor<T>(Dictionary<long, List<T>> map, long id)
    {
        if (!map.TryGetValue(id, out var list)) map[id] = list = [];
        return list;
    }
}
