using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LedgerGrpc.Classification.Tests.Engine;

/// <summary>The segment index answers the distribution and member pages; every path that changes assignments must
/// keep it equal to a walk over the customers' memberships.</summary>
public sealed class SegmentIndexConsistencyTests
{
    private static readonly DateTimeOffset SeededAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Writes_publish_override_delete_and_sweep_keep_the_index_equal_to_the_memberships()
    {
        using var data = new TempDirectory("cls-index");
        var store = new LedgerStore(new LedgerOptions { DataDir = data.Path });
        new LedgerSeeder(store, new FakeTimeProvider(SeededAt)).Run(300, randomSeed: 5);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        var workflows = new WorkflowStore(() => new ClassificationDbContext(ClassificationDbContextOptions.Create(store.ConnectionString)), clock);
        var options = new ClassificationOptions { SweepInterval = TimeSpan.Zero, SweepChunkSize = 64 };
        await using var engine = new ClassificationEngine(store, workflows, options, clock, NullLogger<ClassificationEngine>.Instance);
        await using var writer = new LedgerWriter(store, clock, [new LedgerClassificationHook(engine)], NullLogger<LedgerWriter>.Instance);
        await engine.InitializeAsync(CancellationToken.None);
        var dimensions = engine.Snapshot.Dimensions.Select(d => d.Name).ToList();
        void Check() => SegmentIndexOracle.AssertMatches(engine.State, dimensions);
        Check();

        // Ledger writes: a big sale (spend and probably tier move), an archive (out of every segment), a new customer.
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = engine.State.Entries.Where(e => !e.Archived).Select(e => e.CustomerId).Order().ToList();
        await writer.ExecuteAsync(new RecordTransaction { CustomerId = ids[0], Kind = TransactionKind.Sale, AmountMinor = 900_000_000, Currency = "CNY", Product = "widget", Quantity = 1, OccurredAt = now }, "tester");
        await writer.ExecuteAsync(new ArchiveCustomer(ids[1]), "tester");
        var created = await writer.ExecuteAsync(new CreateCustomer(new CustomerFields { ExternalRef = "index-new", Name = "Index 有限公司", Type = CustomerType.Enterprise }), "tester");
        Assert.Empty(engine.State.Get(ids[1])!.Memberships);
        Assert.NotEmpty(engine.State.Get(created.Id)!.Memberships);
        Check();

        // A publish that moves customers between value tiers.
        var manager = new WorkflowManager(engine, options);
        var (_, json) = DefaultWorkflows.Load().First(w => w.Name == "value_tier");
        var before = engine.Distribution("value_tier").Single().Segments;
        var (_, job, _) = await manager.PublishAsync(json.Replace(">= 80", ">= 20", StringComparison.Ordinal), "lower the bar", engine.Snapshot.Find("value_tier")!.Version, "tester", CancellationToken.None);
        await job.Completion.Task;
        Assert.True(job.Changed > 0);
        Assert.NotEqual(before, engine.Distribution("value_tier").Single().Segments);
        Check();

        // An override moves one customer; clearing it moves them back.
        var manual = new ManualClassification(engine);
        var target = ids[2];
        var current = engine.State.Get(target)!.Memberships.Single(m => m.Dimension == "value_tier").Segment;
        var other = current == "low_value" ? "high_value" : "low_value";
        await manual.SetOverrideAsync(target, "value_tier", other, "index test", "tester", null, CancellationToken.None);
        Assert.Contains(target, engine.Members("value_tier", other, target - 1, 1).Page);
        Check();
        await manual.ClearOverrideAsync(target, "value_tier", CancellationToken.None);
        Assert.DoesNotContain(target, engine.Members("value_tier", other, target - 1, 1).Page);
        Check();

        // Deleting a workflow ends its memberships: its segments leave the index.
        var deleted = await manager.DeleteAsync("region", "gone", engine.Snapshot.Find("region")!.Version, "tester", CancellationToken.None);
        await deleted.Completion.Task;
        Assert.Empty(engine.State.Segments.Segments("region"));
        Check();

        // A sweep a month later (time-driven features move customers) and a full rebuild agree with the index kept so far.
        clock.Advance(TimeSpan.FromDays(40));
        var sweep = await engine.SweepAsync();
        await sweep.Completion.Task;
        Check();
        var kept = engine.Distribution(null);
        engine.State.RebuildSegmentIndex();
        Assert.Equal(Show(kept), Show(engine.Distribution(null)));
    }

    private static string Show(List<(ClassifierDimension Dimension, List<(string Segment, long Customers, long SpendMinor)> Segments)> distribution) =>
        string.Join("; ", distribution.Select(d => $"{d.Dimension.Name}: {string.Join(",", d.Segments)}"));
}
