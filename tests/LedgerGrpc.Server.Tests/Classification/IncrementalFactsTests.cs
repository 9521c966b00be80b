using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Ledger;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LedgerGrpc.Server.Tests.Ledger.LedgerEndToEndTests;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>
/// A write updates the customer's facts from what the write added rather than rereading its whole history. These
/// tests drive a real server with concurrent writes of every kind and check that the features served from memory
/// equal features computed from scratch out of the stored ledger.
/// </summary>
public sealed class IncrementalFactsTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Features_kept_current_by_writes_equal_features_recomputed_from_the_ledger()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await TestServerHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var busy = await Create(ledger, "busy");
        var billed = await Create(ledger, "billed");
        var duplicate = await Create(ledger, "duplicate");

        // Several writers at once, so group commit puts many of the busy customer's purchases in one batch; dates
        // jump back and forth (back-dated entries land in the middle of the history), refunds and products vary.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                var request = Purchase(busy.Id, 100 + (writer * 1000) + i, daysAgo: (i * 37 + writer * 11) % 500, product: "P" + (i % 7));
                // Each writer's refunds follow its own sales (a refund may not exceed the customer's net sales).
                if (i % 9 == 8) request.Kind = TransactionKind.Refund;
                await ledger.RecordTransactionAsync(request);
            }
        })));
        await ledger.AddNoteAsync(new AddNoteRequest { CustomerId = busy.Id, Channel = NoteChannel.Phone, Text = "called" });

        for (var i = 0; i < 5; i++)
        {
            await ledger.RecordTransactionAsync(Purchase(billed.Id, 5_000 + i, daysAgo: 40 - i, product: "Q"));
            await ledger.RecordTransactionAsync(Purchase(duplicate.Id, 700 + i, daysAgo: 200 + i, product: "R"));
        }

        await ledger.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = billed.Id, LimitMinor = 1_000_000, Currency = "CNY" });
        var invoice = await ledger.IssueInvoiceAsync(new IssueInvoiceRequest
        {
            CustomerId = billed.Id, AmountMinor = 80_000, Currency = "CNY", IssueDate = Day(-90), PaymentTermsDays = 30,
        });
        var small = await ledger.IssueInvoiceAsync(new IssueInvoiceRequest
        {
            CustomerId = billed.Id, AmountMinor = 20_000, Currency = "CNY", IssueDate = Day(-10), PaymentTermsDays = 60,
        });
        // Settled in full: the payment's allocation dates the settlement (paid-invoice features read it).
        await ledger.RecordPaymentAsync(new RecordPaymentRequest
        {
            CustomerId = billed.Id, AmountMinor = 20_000, Currency = "CNY", ReceivedDate = Day(-2), InvoiceIds = { small.Id },
        });
        await ledger.RecordPaymentAsync(new RecordPaymentRequest
        {
            CustomerId = billed.Id, AmountMinor = 30_000, Currency = "CNY", ReceivedDate = Day(-5), InvoiceIds = { invoice.Id },
        });

        // A merge moves the duplicate's purchases to the survivor: the survivor's facts must include them.
        await ledger.MergeCustomersAsync(new MergeCustomersRequest
        {
            SurvivingCustomerId = billed.Id, MergedCustomerId = duplicate.Id, Reason = "same company",
        });
        await ledger.RecordTransactionAsync(Purchase(billed.Id, 9_999, daysAgo: 1, product: "Q"));

        var engine = server.Services.GetRequiredService<ClassificationEngine>();
        var store = server.Services.GetRequiredService<LedgerStore>();
        Dictionary<long, CustomerFacts> fromLedger;
        await using (var db = store.OpenRead())
        {
            fromLedger = await LedgerFactsLoader.LoadAsync(db, null, CancellationToken.None);
        }

        foreach (var id in new[] { busy.Id, billed.Id, duplicate.Id })
        {
            var served = engine.State.Get(id)!.Features;
            var expected = engine.Calculator.Calculate(fromLedger[id], engine.Now);
            (expected.SpendPercentile, expected.FrequencyPercentile, expected.RecencyPercentile) = (served.SpendPercentile, served.FrequencyPercentile, served.RecencyPercentile);
            Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(served));
        }

        var busyFeatures = engine.State.Get(busy.Id)!.Features;
        Assert.Equal(240, busyFeatures.OrderCount + busyFeatures.RefundCount);
        Assert.Equal(7, busyFeatures.DistinctProducts);
        var billedFeatures = engine.State.Get(billed.Id)!.Features;
        Assert.Equal(11, billedFeatures.OrderCount);
        Assert.Equal((1, 0), (billedFeatures.PaidInvoiceCount, billedFeatures.LatePaidInvoiceCount));
        Assert.Equal(500m, billedFeatures.Outstanding);
        Assert.True(engine.State.Get(duplicate.Id)!.Archived);
    }

    private static RecordTransactionRequest Purchase(long customerId, long amount, int daysAgo, string product) => new()
    {
        CustomerId = customerId,
        Kind = TransactionKind.Sale,
        AmountMinor = amount,
        Currency = "CNY",
        Product = product,
        Quantity = 1,
        OccurredAt = Timestamp.FromDateTimeOffset(Start.AddDays(-daysAgo)),
    };

    private static Date Day(int offset)
    {
        var d = Start.AddDays(offset);
        return new Date { Year = d.Year, Month = d.Month, Day = d.Day };
    }
}
