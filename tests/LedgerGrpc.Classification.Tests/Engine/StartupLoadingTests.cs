using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;

using static LedgerGrpc.Classification.Tests.Engine.SeededLedger;

namespace LedgerGrpc.Classification.Tests.Engine;

/// <summary>Start-up with the ledger served while classification loads, and what survives a restart (job ids).</summary>
public sealed class StartupLoadingTests
{
    private const int Customers = 200;

    [Fact]
    public async Task Writes_accepted_while_loading_are_classified_when_the_load_finishes_as_a_full_start_would()
    {
        using var data = new TempDirectory("cls-loading");
        var store = Seed(data.Path, Customers);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        await using (var first = CreateEngine(store, clock))
        {
            await first.InitializeAsync(CancellationToken.None);
        }

        // A restart whose load is held after reading the ledger, so the writes below land after their range was read.
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = CreateEngine(store, clock);
        engine.BeforeCatchUp = async ct =>
        {
            reached.TrySetResult();
            await release.Task.WaitAsync(ct);
        };
        await using var writer = new LedgerWriter(store, clock, [new LedgerClassificationHook(engine)], NullLogger<LedgerWriter>.Instance);
        await engine.PrepareAsync(CancellationToken.None);
        var load = engine.LoadAsync(CancellationToken.None);
        await reached.Task;

        Assert.False(engine.IsReady);
        var refused = Assert.Throws<ClassificationException>(() => engine.GetCustomer(1));
        Assert.Equal(ClassificationError.Unavailable, refused.Error);
        Assert.Contains("still loading", refused.Message);
        Assert.Equal(ClassificationError.Unavailable, Assert.Throws<ClassificationException>(() => engine.Distribution(null)).Error);

        // Ledger writes are served meanwhile: a large sale, a refund, and a customer created and buying during the load.
        var now = clock.GetUtcNow().UtcDateTime;
        var active = long.Parse((await Rows(store, "SELECT Id FROM customers WHERE Archived = 0 AND MergedIntoId IS NULL ORDER BY Id LIMIT 1")).Single());
        await writer.ExecuteAsync(Sale(active, 900_000_000, now), "tester");
        var buyer = (await Rows(store, "SELECT Id FROM customers WHERE Archived = 0 AND MergedIntoId IS NULL AND SalesTotalMinor - RefundTotalMinor > 10000 ORDER BY Id DESC LIMIT 1")).Single();
        await writer.ExecuteAsync(new RecordTransaction { CustomerId = long.Parse(buyer), Kind = TransactionKind.Refund, AmountMinor = 10_000, Currency = "CNY", Quantity = 1, OccurredAt = now }, "tester");
        var created = await writer.ExecuteAsync(new CreateCustomer(new CustomerFields { ExternalRef = "during-load", Name = "Loading 有限公司", Type = CustomerType.Enterprise }), "tester");
        await writer.ExecuteAsync(Sale(created.Id, 5_000_000, now), "tester");
        Assert.Null(engine.State.Get(created.Id));

        release.SetResult();
        await engine.Ready;
        await load;
        SegmentIndexOracle.AssertMatches(engine.State, engine.Snapshot.Dimensions.Select(d => d.Name));

        // The oracle: a start from scratch on the same file (full load and sweep) classifies everyone the same.
        await using var reference = CreateEngine(store, clock, snapshot: false);
        await reference.InitializeAsync(CancellationToken.None);
        Assert.Equal(Customers + 1, engine.State.Count);
        foreach (var expected in reference.State.Entries)
        {
            Assert.Equal(Show(expected.Memberships), Show(engine.State.Get(expected.CustomerId)!.Memberships));
        }

        // The writes' changes are in the history as writes (or the new customer's first classification).
        var causes = await Rows(store, $"SELECT DISTINCT CustomerId || ':' || Cause FROM cls_segment_changes WHERE CustomerId IN ({active}, {created.Id})");
        Assert.Contains($"{created.Id}:initial", causes);
        Assert.Contains($"{active}:write", causes);
    }

    [Fact]
    public async Task Job_ids_survive_a_restart_and_a_job_the_stop_cut_short_reads_as_interrupted()
    {
        using var data = new TempDirectory("cls-job-ids");
        var store = Seed(data.Path, Customers);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        long sweepId, cutShortId;
        long changed;
        await using (var first = CreateEngine(store, clock))
        {
            await first.InitializeAsync(CancellationToken.None);
            var sweep = await first.SweepAsync();
            await sweep.Completion.Task;
            (sweepId, changed) = (sweep.Id, sweep.Changed);
        }

        // Queued by an engine that stops before running it (its job loop never starts).
        await using (var stopping = CreateEngine(store, clock))
        {
            await stopping.PrepareAsync(CancellationToken.None);
            cutShortId = (await stopping.SweepAsync()).Id;
        }

        Assert.True(cutShortId > sweepId);
        await using var restarted = CreateEngine(store, clock);
        await restarted.InitializeAsync(CancellationToken.None);
        var kept = restarted.Jobs.Find(sweepId);
        Assert.NotNull(kept);
        Assert.True(kept.Done);
        Assert.Equal((ChangeCause.Sweep, Customers, changed, ""), (kept.Cause, kept.Total, kept.Changed, kept.Error));
        var interrupted = restarted.Jobs.Find(cutShortId);
        Assert.NotNull(interrupted);
        Assert.True(interrupted.Done);
        Assert.Equal(ReclassificationStore.InterruptedError, interrupted.Error);
        // The start-up sweep of the restart and any later job get new ids.
        var next = await restarted.SweepAsync();
        Assert.True(next.Id > cutShortId + 1);
        Assert.Null(restarted.Jobs.Find(next.Id + 100));
    }
}
