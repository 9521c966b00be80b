using LedgerGrpc.Classification.Features;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using static LedgerGrpc.Classification.Tests.Engine.SeededLedger;

namespace LedgerGrpc.Classification.Tests.Features;

/// <summary>Start-up's plain-SQL read of the ledger gives exactly the facts the EF Core read gives.</summary>
public sealed class LedgerFactsRangeReaderTests
{
    [Fact]
    public async Task Every_range_reads_the_same_facts_as_the_ef_core_read()
    {
        using var data = new TempDirectory("facts-range");
        var store = Seed(data.Path, 300);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        // What the seed does not make: tags, several attributes, a credit limit, a paid and a part-paid invoice, a
        // refund, an archived customer and a merged one.
        await using (var writer = new LedgerWriter(store, clock, [], NullLogger<LedgerWriter>.Instance))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var rich = (await writer.ExecuteAsync(new CreateCustomer(new CustomerFields
            {
                ExternalRef = "rich", Name = "标签客户", Type = CustomerType.Individual, Tags = ["vip", "华东", "vip-2"],
                Attributes = new Dictionary<string, string> { ["channel"] = "online", ["segment"] = "b2c", ["长"] = "值" },
            }), "tester")).Id;
            await writer.ExecuteAsync(Sale(rich, 2_000_000, clock.GetUtcNow().UtcDateTime), "tester");
            await writer.ExecuteAsync(new RecordTransaction { CustomerId = rich, Kind = TransactionKind.Refund, AmountMinor = 500, Currency = "CNY", Quantity = 1, OccurredAt = clock.GetUtcNow().UtcDateTime }, "tester");
            await writer.ExecuteAsync(new SetCreditLimit { CustomerId = rich, LimitMinor = 7_000_000, Currency = "CNY" }, "tester");
            var paid = await writer.ExecuteAsync(new IssueInvoice { CustomerId = rich, AmountMinor = 10_000, Currency = "CNY", IssueDate = today.AddDays(-40), DueDate = today.AddDays(-10) }, "tester");
            var part = await writer.ExecuteAsync(new IssueInvoice { CustomerId = rich, AmountMinor = 30_000, Currency = "CNY", IssueDate = today.AddDays(-5), DueDate = today.AddDays(25) }, "tester");
            await writer.ExecuteAsync(new RecordPayment { CustomerId = rich, AmountMinor = 10_000, Currency = "CNY", ReceivedDate = today.AddDays(-12), InvoiceIds = [paid.Id] }, "tester");
            await writer.ExecuteAsync(new RecordPayment { CustomerId = rich, AmountMinor = 1_000, Currency = "CNY", ReceivedDate = today.AddDays(-2), InvoiceIds = [part.Id] }, "tester");
            await writer.ExecuteAsync(new ArchiveCustomer(1), "tester");
            await writer.ExecuteAsync(new MergeCustomers { SurvivingCustomerId = 3, MergedCustomerId = 2, Reason = "duplicate" }, "tester");
        }

        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync();
        var compared = 0;
        for (var from = 1L; from <= 301; from += 64)
        {
            await using var db = store.OpenRead();
            var expected = await LedgerFactsLoader.LoadRangeAsync(db, from, from + 64, CancellationToken.None);
            var actual = LedgerFactsRangeReader.Read(connection, from, from + 64);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (id, facts) in expected)
            {
                Assert.Equal(Describe(facts), Describe(actual[id]));
                compared++;
            }
        }

        Assert.Equal(301, compared);
    }

    private static string Describe(CustomerFacts f)
    {
        var p = f.Profile;
        return string.Join(" | ",
            $"{p.CustomerId} {p.ExternalRef} {p.Name} {p.Type} {p.Industry} {p.Region} {p.Size} [{string.Join(",", p.Tags)}] {p.CreatedAt:O} {p.CreatedAt.Kind} {p.Archived}",
            string.Join(",", p.Attributes),
            $"{f.Purchases.OrderCount} {f.Purchases.RefundCount} {f.Purchases.TotalMinor} {f.Purchases.LastTransactionId} {f.Purchases.MedianDaysBetweenOrders} {f.Purchases.DistinctProducts}",
            string.Join(",", f.Purchases.ByTime.ToArray().Select(x => $"{x.OccurredAt:O}/{x.OccurredAt.Kind}/{x.AmountMinor}/{x.IsRefund}/{x.Product}")),
            string.Join(",", f.Invoices.Select(i => $"{i.IssuedAt:O}/{i.DueAt:O}/{i.AmountMinor}/{i.PaidMinor}/{i.WrittenOffMinor}/{i.SettledAt:O}")),
            $"{f.CreditLimitMinor} {f.CreditBalanceMinor}");
    }
}
