using LedgerGrpc.Ledger.Model;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Tests;

public sealed class LedgerSeederTests
{
    [Fact]
    public async Task Seeded_ledger_is_realistic_and_consistent()
    {
        await using var ledger = new LedgerFixture();
        var report = new LedgerSeeder(ledger.Store, ledger.Clock).Run(20_000, randomSeed: 7);
        Assert.Equal(20_000, report.Customers);

        await using var db = ledger.Store.OpenRead();
        var customers = await db.Customers.Select(c => new { c.Id, c.SalesTotalMinor, c.TransactionCount, c.OutstandingMinor }).ToListAsync();
        Assert.Equal(20_000, customers.Count);

        // Heavy-tailed purchase counts: most customers buy rarely, a few very often.
        var counts = customers.Select(c => c.TransactionCount).Order().ToList();
        Assert.True(counts[counts.Count / 2] <= 2, $"median purchases {counts[counts.Count / 2]}");
        Assert.True(counts[^1] >= 50, $"max purchases {counts[^1]}");

        // Pareto-like revenue: the top 20% of customers hold roughly 70–80%.
        var revenue = customers.Select(c => c.SalesTotalMinor).OrderDescending().ToList();
        var share = (double)revenue.Take(revenue.Count / 5).Sum() / revenue.Sum();
        Assert.InRange(share, 0.68, 0.85);

        // Running totals agree with the rows.
        var sales = await db.Transactions.Where(t => t.Kind == TransactionKind.Sale).GroupBy(t => t.CustomerId)
            .Select(g => new { g.Key, Sum = g.Sum(t => t.AmountMinor) }).ToDictionaryAsync(g => g.Key, g => g.Sum);
        Assert.All(customers.Where(c => c.SalesTotalMinor > 0), c => Assert.Equal(c.SalesTotalMinor, sales[c.Id]));
        Assert.Equal(report.Transactions, await db.Transactions.LongCountAsync());

        // Every aging bucket and some bad debt exist across the ledger.
        var invoices = await db.Invoices.ToListAsync();
        var allocations = (await db.PaymentAllocations.ToListAsync()).ToLookup(a => a.InvoiceId);
        var aging = ReceivablesCalculator.Compute(0, DateOnly.FromDateTime(ledger.Clock.GetUtcNow().UtcDateTime), invoices, allocations, []);
        Assert.True(aging.CurrentMinor > 0 && aging.Days1To30Minor > 0 && aging.Days31To60Minor > 0 && aging.Days61To90Minor > 0 && aging.DaysOver90Minor > 0, aging.ToString());
        Assert.True(aging.WrittenOffMinor > 0);
        Assert.Equal(customers.Sum(c => c.OutstandingMinor), aging.OutstandingMinor);
        Assert.Contains(invoices, i => i.Status == InvoiceStatus.Paid && i.DueDate < i.IssueDate.AddDays(200));

        // A few percent near-duplicates, found by FindDuplicates.
        Assert.InRange(report.NearDuplicates, 200, 1000);
        var groups = await ledger.Reader.FindDuplicatesAsync(0, 10_000);
        Assert.True(groups.Count >= report.NearDuplicates / 2, $"{groups.Count} duplicate groups for {report.NearDuplicates} near-duplicates");

        // Seeded tax ids are valid codes.
        Assert.All(await db.Customers.Where(c => c.TaxId != "").Select(c => c.TaxId).Take(500).ToListAsync(), id => Assert.True(TaxIds.IsValid(id), id));
    }

    [Fact]
    public async Task Seeding_twice_appends_without_id_or_external_ref_clashes()
    {
        await using var ledger = new LedgerFixture();
        var seeder = new LedgerSeeder(ledger.Store, ledger.Clock);
        seeder.Run(500, randomSeed: 1);
        seeder.Run(500, randomSeed: 1);
        await using var db = ledger.Store.OpenRead();
        Assert.Equal(1000, await db.Customers.CountAsync());
    }
}
