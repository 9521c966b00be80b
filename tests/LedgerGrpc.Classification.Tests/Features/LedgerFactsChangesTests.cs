using LedgerGrpc.Classification.Features;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;

using static LedgerGrpc.Classification.Tests.Engine.SeededLedger;

namespace LedgerGrpc.Classification.Tests.Features;

/// <summary>What a write batch costs the classification hook: the usual batch of recorded transactions for customers
/// already in memory is classified from the rows the batch carries, without an EF context (making one per batch was
/// a measurable share of RecordTransaction's CPU); anything that must be read opens one context for the batch.</summary>
public sealed class LedgerFactsChangesTests
{
    [Fact]
    public async Task Recorded_transactions_of_known_customers_need_no_database_context()
    {
        using var data = new TempDirectory("facts-changes");
        var (store, before) = await SeedAsync(data.Path);
        var sale = new Transaction
        {
            Id = 1_000_000, CustomerId = 2, Kind = TransactionKind.Sale, AmountMinor = 12_345, Currency = "CNY", Product = "p-new",
            Quantity = 1, OccurredAt = SeededAt.UtcDateTime.AddDays(1), RecordedAt = SeededAt.UtcDateTime.AddDays(1),
        };
        var opened = 0;

        var after = await LedgerFactsLoader.LoadChangesAsync(
            () => { opened++; return store.OpenRead(); },
            [new LedgerChange("RecordTransaction", 2, sale.Id, sale), new LedgerChange("AddNote", 3, 77)],
            id => before.GetValueOrDefault(id), CancellationToken.None);

        Assert.Equal(0, opened);
        Assert.Equal([2L], after.Keys);
        Assert.Equal(before[2].Purchases.TotalMinor + 12_345, after[2].Purchases.TotalMinor);
        Assert.Equal(before[2].Purchases.OrderCount + 1, after[2].Purchases.OrderCount);
    }

    [Fact]
    public async Task A_batch_that_must_read_opens_one_context_for_all_its_customers()
    {
        using var data = new TempDirectory("facts-changes-read");
        var (store, before) = await SeedAsync(data.Path);
        var opened = new List<LedgerDbContext>();

        // Customer 1 is not in memory (read whole); customer 4's credit limit changed (its profile is reread).
        var after = await LedgerFactsLoader.LoadChangesAsync(
            () => { var db = store.OpenRead(); opened.Add(db); return db; },
            [new LedgerChange("UpdateCustomer", 1, 1), new LedgerChange("SetCreditLimit", 4, 4)],
            id => id == 1 ? null : before.GetValueOrDefault(id), CancellationToken.None);

        foreach (var db in opened) await db.DisposeAsync();
        Assert.Single(opened);
        Assert.Equal([1L, 4L], after.Keys.Order());
        Assert.Equal(before[1].Purchases.TotalMinor, after[1].Purchases.TotalMinor);
    }

    /// <summary>A seeded ledger of five customers and their facts as memory holds them before a batch.</summary>
    private static async Task<(LedgerStore Store, Dictionary<long, CustomerFacts> Before)> SeedAsync(string path)
    {
        var store = Seed(path, 5);
        await using var db = store.OpenRead();
        return (store, await LedgerFactsLoader.LoadAsync(db, null, CancellationToken.None));
    }
}
