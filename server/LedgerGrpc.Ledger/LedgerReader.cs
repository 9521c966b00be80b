using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Read side of the ledger: short-lived no-tracking contexts on their own connections (WAL lets
/// them read committed data while the writer works). Unknown customers are NOT_FOUND.
/// </summary>
public sealed class LedgerReader(LedgerStore store, TimeProvider clock)
{
    public async Task<Customer> GetCustomerAsync(long id, CancellationToken ct = default)
    {
        Check.Id(id, "id");
        await using var db = store.OpenRead();
        return await WithDetails(db).SingleOrDefaultAsync(c => c.Id == id, ct).ConfigureAwait(false)
            ?? throw LedgerException.NotFound("customer", id);
    }

    public async Task<Customer> GetCustomerByExternalRefAsync(string externalRef, CancellationToken ct = default)
    {
        Check.Required(externalRef, "external_ref", 64);
        await using var db = store.OpenRead();
        return await WithDetails(db).SingleOrDefaultAsync(c => c.ExternalRef == externalRef, ct).ConfigureAwait(false)
            ?? throw new LedgerException(LedgerErrorCode.NotFound, $"no customer has external_ref '{Quote.Short(externalRef)}'");
    }

    public async Task<Page<Customer>> ListCustomersAsync(CustomerQuery query, CancellationToken ct = default)
    {
        var page = PageRequest.Parse(query.PageSize, query.PageToken);
        Check.Optional(query.Search, "search", 200);
        await using var db = store.OpenRead();
        var customers = WithDetails(db).Where(c => c.Id > page.AfterId);
        if (!query.IncludeArchived)
        {
            customers = customers.Where(c => !c.Archived);
        }

        if (query.Search.Length > 0)
        {
            // LIKE is case-insensitive for ASCII in SQLite; escape the caller's wildcards. The normalised name (the
            // duplicate-detection key: half-width, no punctuation, no 有限公司-style suffix) also matches, so 星辰贸易公司
            // or full-width ＷＩＤＧＥＴＳ find 上海星辰贸易有限公司 and Beijing Widgets Co., Ltd.
            // Phones and e-mails match in their normalised forms too (the keys duplicate detection uses), so
            // "+86 138-0013-8000", "138 0013 8000" or full-width digits find 13800138000 whichever way it was stored,
            // and ＢＵＹＥＲ＠… finds buyer@…. A search that does not look like a phone or an e-mail leaves these out:
            // the digits of "A-1" would otherwise match every phone holding a 1.
            var pattern = LikeContaining(query.Search);
            var nameKey = DuplicateKeys.Name(query.Search);
            var keyPattern = nameKey.Length > 0 ? LikeContaining(nameKey) : null;
            var phonePattern = LooksLikePhone(query.Search) ? LikeContaining(DuplicateKeys.Phone(query.Search)) : null;
            var emailKey = DuplicateKeys.Email(query.Search);
            var emailPattern = emailKey.Contains('@', StringComparison.Ordinal) ? LikeContaining(emailKey) : null;
            customers = customers.Where(c =>
                EF.Functions.Like(c.Name, pattern, "\\") || EF.Functions.Like(c.ContactName, pattern, "\\")
                || EF.Functions.Like(c.Phone, pattern, "\\") || EF.Functions.Like(c.Email, pattern, "\\")
                || EF.Functions.Like(c.ExternalRef, pattern, "\\") || EF.Functions.Like(c.TaxId, pattern, "\\")
                || (keyPattern != null && EF.Functions.Like(c.NameKey, keyPattern, "\\"))
                || (phonePattern != null && EF.Functions.Like(c.PhoneKey, phonePattern, "\\"))
                || (emailPattern != null && EF.Functions.Like(c.EmailKey, emailPattern, "\\")));
        }

        foreach (var (key, value) in query.AttributeFilters)
        {
            customers = customers.Where(c => c.Attributes.Any(a => a.Key == key && a.Value == value));
        }

        var rows = await customers.OrderBy(c => c.Id).Take(page.Size + 1).ToListAsync(ct).ConfigureAwait(false);
        return page.ToPage(rows, c => c.Id);
    }

    /// <summary>Every customer in id order, read in chunks so memory stays flat on a large ledger.</summary>
    public async IAsyncEnumerable<Customer> ExportCustomersAsync(bool includeArchived, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        long after = 0;
        while (true)
        {
            List<Customer> chunk;
            await using (var db = store.OpenRead())
            {
                chunk = await WithDetails(db)
                    .Where(c => c.Id > after && (includeArchived || !c.Archived))
                    .OrderBy(c => c.Id).Take(1000).ToListAsync(ct).ConfigureAwait(false);
            }

            foreach (var customer in chunk)
            {
                yield return customer;
            }

            if (chunk.Count < 1000)
            {
                yield break;
            }

            after = chunk[^1].Id;
        }
    }

    public async Task<Page<Transaction>> ListTransactionsAsync(long customerId, int pageSize, string pageToken, CancellationToken ct = default)
    {
        var page = PageRequest.Parse(pageSize, pageToken);
        await using var db = store.OpenRead();
        await RequireCustomer(db, customerId, ct).ConfigureAwait(false);
        var rows = await db.Transactions.Where(t => t.CustomerId == customerId && t.Id > page.AfterId)
            .OrderBy(t => t.Id).Take(page.Size + 1).ToListAsync(ct).ConfigureAwait(false);
        return page.ToPage(rows, t => t.Id);
    }

    public async Task<Page<Invoice>> ListInvoicesAsync(long customerId, bool openOnly, int pageSize, string pageToken, CancellationToken ct = default)
    {
        var page = PageRequest.Parse(pageSize, pageToken);
        await using var db = store.OpenRead();
        await RequireCustomer(db, customerId, ct).ConfigureAwait(false);
        var rows = await db.Invoices.Where(i => i.CustomerId == customerId && i.Id > page.AfterId && (!openOnly || i.Status == InvoiceStatus.Open))
            .OrderBy(i => i.Id).Take(page.Size + 1).ToListAsync(ct).ConfigureAwait(false);
        return page.ToPage(rows, i => i.Id);
    }

    public async Task<Page<Note>> ListNotesAsync(long customerId, int pageSize, string pageToken, CancellationToken ct = default)
    {
        var page = PageRequest.Parse(pageSize, pageToken);
        await using var db = store.OpenRead();
        await RequireCustomer(db, customerId, ct).ConfigureAwait(false);
        var rows = await db.Notes.Where(n => n.CustomerId == customerId && n.Id > page.AfterId)
            .OrderBy(n => n.Id).Take(page.Size + 1).ToListAsync(ct).ConfigureAwait(false);
        return page.ToPage(rows, n => n.Id);
    }

    public async Task<Payment> GetPaymentAsync(long paymentId, CancellationToken ct = default)
    {
        await using var db = store.OpenRead();
        return await db.Payments.Include(p => p.Allocations).SingleOrDefaultAsync(p => p.Id == paymentId, ct).ConfigureAwait(false)
            ?? throw LedgerException.NotFound("payment", paymentId);
    }

    /// <summary>Receivables as of <paramref name="asOf"/> (default: today on the ledger clock, UTC).</summary>
    public async Task<ReceivablesSummary> GetReceivablesAsync(long customerId, DateOnly? asOf, CancellationToken ct = default)
    {
        await using var db = store.OpenRead();
        await RequireCustomer(db, customerId, ct).ConfigureAwait(false);
        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var invoices = await db.Invoices.Where(i => i.CustomerId == customerId).ToListAsync(ct).ConfigureAwait(false);
        var invoiceIds = invoices.Select(i => i.Id).ToList();
        var allocations = await db.PaymentAllocations.Where(a => invoiceIds.Contains(a.InvoiceId)).ToListAsync(ct).ConfigureAwait(false);
        var payments = await db.Payments.Where(p => p.CustomerId == customerId).ToListAsync(ct).ConfigureAwait(false);
        return ReceivablesCalculator.Compute(customerId, date, invoices, allocations.ToLookup(a => a.InvoiceId), payments);
    }

    public async Task<CreditSummary> GetCreditAsync(long customerId, CancellationToken ct = default)
    {
        Check.Id(customerId, "customer_id");
        await using var db = store.OpenRead();
        var customer = await db.Customers.Include(c => c.CreditLimit).SingleOrDefaultAsync(c => c.Id == customerId, ct).ConfigureAwait(false)
            ?? throw LedgerException.NotFound("customer", customerId);
        return CreditSummary.Of(customer);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long customerId, CancellationToken ct = default)
    {
        await using var db = store.OpenRead();
        return await db.AuditEntries.Where(a => a.CustomerId == customerId).OrderBy(a => a.Id).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The audit log, newest first, filtered; keyset-paged by id (walks the rowid backwards, so a
    /// page costs the rows it skips, never the whole log).
    /// </summary>
    public async Task<Page<AuditEntry>> ListAuditEntriesAsync(AuditQuery query, CancellationToken ct = default)
    {
        var page = PageRequest.Parse(query.PageSize, query.PageToken);
        Check.Optional(query.Actor, "actor", 200);
        Check.Optional(query.Action, "action", 100);
        Check.Optional(query.EntityType, "entity_type", 100);
        Check.Optional(query.Entity, "entity", 400);
        if (query is { From: { } from, To: { } to } && to <= from)
        {
            throw LedgerException.Invalid("to", "must be after from");
        }

        await using var db = store.OpenRead();
        var entries = db.AuditEntries.AsQueryable();
        if (page.AfterId > 0)
        {
            entries = entries.Where(a => a.Id < page.AfterId);
        }

        if (query.Actor.Length > 0)
        {
            entries = entries.Where(a => a.Actor == query.Actor
                || EF.Functions.Like(a.Actor, Escape(query.Actor) + " (for %", "\\")
                || EF.Functions.Like(a.Actor, "% (for " + Escape(query.Actor) + ")", "\\"));
        }

        if (query.Action.Length > 0)
        {
            entries = entries.Where(a => a.Action == query.Action);
        }

        if (query.EntityType.Length > 0)
        {
            entries = entries.Where(a => a.EntityType == query.EntityType);
        }

        if (query.Entity.Length > 0)
        {
            entries = long.TryParse(query.Entity, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? entries.Where(a => a.EntityId == id || a.EntityKey == query.Entity)
                : entries.Where(a => a.EntityKey == query.Entity);
        }

        if (query.From is { } fromTime)
        {
            entries = entries.Where(a => a.At >= fromTime);
        }

        if (query.To is { } toTime)
        {
            entries = entries.Where(a => a.At < toTime);
        }

        var rows = await entries.OrderByDescending(a => a.Id).Take(page.Size + 1).ToListAsync(ct).ConfigureAwait(false);
        return page.ToPage(rows, a => a.Id);
    }

    /// <summary>Every API key (revoked and expired ones too), oldest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken ct = default)
    {
        await using var db = store.OpenRead();
        return await db.ApiKeys.OrderBy(k => k.Id).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Groups of active customers sharing a tax id, phone, email or normalised name; with a
    /// customer id, only the groups that contain that customer.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateGroup>> FindDuplicatesAsync(long customerId, int limit, CancellationToken ct = default)
    {
        if (customerId < 0)
        {
            throw LedgerException.Invalid("customer_id", $"must be 0 (whole ledger) or a customer id (got {customerId})");
        }

        if (limit < 0 || limit > 10_000)
        {
            throw LedgerException.Invalid("limit", $"must be between 0 and 10000 (got {limit})");
        }

        limit = limit == 0 ? 1000 : limit;
        await using var db = store.OpenRead();
        Customer? target = null;
        if (customerId > 0)
        {
            target = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId, ct).ConfigureAwait(false)
                ?? throw LedgerException.NotFound("customer", customerId);
        }

        var groups = new List<DuplicateGroup>();
        (DuplicateReason Reason, string Column, string? Key)[] dimensions =
        [
            (DuplicateReason.TaxId, "TaxId", target?.TaxId),
            (DuplicateReason.Phone, "PhoneKey", target?.PhoneKey),
            (DuplicateReason.Email, "EmailKey", target?.EmailKey),
            (DuplicateReason.Name, "NameKey", target?.NameKey),
        ];
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct).ConfigureAwait(false);
        foreach (var (reason, column, key) in dimensions)
        {
            if (groups.Count >= limit || (target is not null && string.IsNullOrEmpty(key)))
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            // Column names come from the fixed list above, never from input.
            command.CommandText = $"""
                SELECT "{column}", group_concat("Id") FROM customers
                WHERE "Archived" = 0 AND "{column}" <> '' {(target is null ? "" : $"AND \"{column}\" = $key")}
                GROUP BY "{column}" HAVING COUNT(*) > 1 ORDER BY MIN("Id") LIMIT $limit
                """;
            var keyParameter = command.CreateParameter();
            keyParameter.ParameterName = "$key";
            keyParameter.Value = key ?? "";
            command.Parameters.Add(keyParameter);
            var limitParameter = command.CreateParameter();
            limitParameter.ParameterName = "$limit";
            limitParameter.Value = limit - groups.Count;
            command.Parameters.Add(limitParameter);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var ids = reader.GetString(1).Split(',').Select(long.Parse).Order().ToList();
                groups.Add(new DuplicateGroup(reason, reader.GetString(0), ids));
            }
        }

        return groups;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static IQueryable<Customer> WithDetails(LedgerDbContext db) =>
        db.Customers.Include(c => c.Attributes).Include(c => c.CreditLimit).AsSplitQuery();

    private static async Task RequireCustomer(LedgerDbContext db, long customerId, CancellationToken ct)
    {
        Check.Id(customerId, "customer_id");
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct).ConfigureAwait(false))
        {
            throw LedgerException.NotFound("customer", customerId);
        }
    }

    // Digits (half- or full-width, at least five of them) with only the separators people write phones with.
    private static bool LooksLikePhone(string search)
    {
        var text = DuplicateKeys.Narrow(search);
        return text.Count(char.IsAsciiDigit) >= 5 && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.');
    }

    private static string LikeContaining(string text) => "%" + Escape(text) + "%";
}
