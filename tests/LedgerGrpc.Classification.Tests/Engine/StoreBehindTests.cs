using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using static LedgerGrpc.Classification.Tests.Engine.SeededLedger;

namespace LedgerGrpc.Classification.Tests.Engine;

/// <summary>The first start after a seed serves classification from memory and stores the memberships behind: what is
/// served, what ledger writes meanwhile store, what a stop part-way leaves, and when a snapshot may be written.</summary>
public sealed class StoreBehindTests
{
    private const int Customers = 200;

    /// <summary>Customers per background step: the store of 200 customers takes many steps.</summary>
    private const int Step = 8;

    [Fact]
    public async Task The_first_start_serves_before_its_memberships_are_stored_and_writes_meanwhile_store_the_customer_whole()
    {
        using var data = new TempDirectory("cls-store-behind");
        var store = Seed(data.Path, Customers);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = CreateEngine(store, clock, configure: o => o.StoreBehindStepCustomers = Step);
        engine.Reclassifier.StartupStepStored = async () =>
        {
            reached.TrySetResult();
            await release.Task;
        };
        await using var writer = new LedgerWriter(store, clock, [new LedgerClassificationHook(engine)], NullLogger<LedgerWriter>.Instance);
        await engine.PrepareAsync(CancellationToken.None);
        var load = engine.LoadAsync(CancellationToken.None);
        await reached.Task;

        // Served from memory with one step of the store committed.
        Assert.True(engine.IsReady);
        Assert.Equal(Step, await Count(store, "SELECT COUNT(DISTINCT CustomerId) FROM cls_memberships"));
        var active = engine.State.Entries.Where(e => !e.Archived).ToList();
        Assert.All(active, e => Assert.NotEmpty(e.Memberships));
        SegmentIndexOracle.AssertMatches(engine.State, engine.Snapshot.Dimensions.Select(d => d.Name));
        Assert.All(engine.Distribution(null), d => Assert.Equal(active.Count, d.Segments.Sum(s => s.Customers)));
        var late = active.Max(e => e.CustomerId);
        Assert.True(engine.State.Get(late)!.Unstored);
        Assert.NotEmpty(engine.GetCustomer(late).Memberships);
        var job = Assert.Single(engine.Jobs.Active());
        Assert.Equal((ChangeCause.Sweep, Step), (job.Cause, job.Processed));
        Assert.True(job.Total > job.Processed);

        // No snapshot while memory serves memberships the database does not have.
        await engine.SaveSnapshotAsync(CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(data.Path, StateSnapshotFile.FileName)));

        // Writes meanwhile: a large sale to a customer the store has not reached, a new customer who buys.
        var now = clock.GetUtcNow().UtcDateTime;
        var before = Show(engine.State.Get(late)!.Memberships);
        await writer.ExecuteAsync(Sale(late, 900_000_000, now), "tester");
        var created = (await writer.ExecuteAsync(new CreateCustomer(new CustomerFields { ExternalRef = "during-store", Name = "后台存储", Type = CustomerType.Enterprise }), "tester")).Id;
        await writer.ExecuteAsync(Sale(created, 5_000_000, now), "tester");
        var written = engine.State.Get(late)!;
        Assert.False(written.Unstored);
        Assert.NotEqual(before, Show(written.Memberships));
        // Committed with the write: its memberships as served, its history the initial classification then the write.
        var stored = engine.ReadChanges(c => ClassificationReader.MembershipsOf(c, [late, created]));
        Assert.Equal(Show(written.Memberships), Show(stored[late]));
        Assert.Equal(Show(engine.State.Get(created)!.Memberships), Show(stored[created]));
        var causes = await Rows(store, $"SELECT Cause FROM cls_segment_changes WHERE CustomerId = {late} ORDER BY Sequence");
        Assert.Equal(written.Memberships.Length, causes.TakeWhile(c => c == "initial").Count());
        Assert.Contains("write", causes.SkipWhile(c => c == "initial"));
        Assert.All(causes.SkipWhile(c => c == "initial"), c => Assert.Equal("write", c));

        release.SetResult();
        await load;
        await AssertStoredAsServedAsync(store, engine);
        // Everyone stored: a snapshot may be written now.
        await engine.SaveSnapshotAsync(CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(data.Path, StateSnapshotFile.FileName)));

        // The oracle: a start from scratch on another copy of the seed, with the same writes, classifies everyone alike.
        using var other = new TempDirectory("cls-store-behind-oracle");
        var otherStore = Seed(other.Path, Customers);
        await using var reference = CreateEngine(otherStore, clock, snapshot: false, configure: o => o.StoreBehind = false);
        await using var referenceWriter = new LedgerWriter(otherStore, clock, [new LedgerClassificationHook(reference)], NullLogger<LedgerWriter>.Instance);
        await reference.InitializeAsync(CancellationToken.None);
        await referenceWriter.ExecuteAsync(Sale(late, 900_000_000, now), "tester");
        await referenceWriter.ExecuteAsync(new CreateCustomer(new CustomerFields { ExternalRef = "during-store", Name = "后台存储", Type = CustomerType.Enterprise }), "tester");
        await referenceWriter.ExecuteAsync(Sale(created, 5_000_000, now), "tester");
        AssertSameSegments(reference, engine);
    }

    [Fact]
    public async Task A_first_start_stopped_part_way_through_its_store_leaves_a_database_the_next_start_completes()
    {
        using var data = new TempDirectory("cls-store-behind-stop");
        var store = Seed(data.Path, Customers);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        var steps = 0;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long late;
        await using (var first = CreateEngine(store, clock, configure: o => o.StoreBehindStepCustomers = Step))
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.Reclassifier.StartupStepStored = async () =>
            {
                if (++steps < 3) return;
                reached.TrySetResult();
                await hold.Task;
            };
            await using var writer = new LedgerWriter(store, clock, [new LedgerClassificationHook(first)], NullLogger<LedgerWriter>.Instance);
            await first.PrepareAsync(CancellationToken.None);
            var load = first.LoadAsync(CancellationToken.None);
            await reached.Task;
            late = first.State.Entries.Where(e => !e.Archived).Max(e => e.CustomerId);
            await writer.ExecuteAsync(Sale(late, 900_000_000, clock.GetUtcNow().UtcDateTime), "tester");

            // The stop: the job is cut short between steps, the stop's snapshot is refused (customers are unstored).
            var stopping = first.Jobs.StopAsync();
            hold.SetResult();
            await stopping;
            await first.SaveSnapshotAtStopAsync(CancellationToken.None);
            await Assert.ThrowsAnyAsync<Exception>(() => load);
        }

        Assert.False(File.Exists(Path.Combine(data.Path, StateSnapshotFile.FileName)));
        var storedCustomers = await Count(store, "SELECT COUNT(DISTINCT CustomerId) FROM cls_memberships");
        Assert.Equal(3 * Step + 1, storedCustomers);

        await using var restarted = CreateEngine(store, clock);
        await restarted.InitializeAsync(CancellationToken.None);
        Assert.Equal("ledger", restarted.LoadedFrom);
        await AssertStoredAsServedAsync(store, restarted);
        Assert.Equal("write", (await Rows(store, $"SELECT Cause FROM cls_segment_changes WHERE CustomerId = {late} ORDER BY Sequence DESC LIMIT 1")).Single());

        // The oracle: a start from scratch on the same file (the restart's ranks are over the ledger with the sale).
        await using var reference = CreateEngine(store, clock, snapshot: false, configure: o => o.StoreBehind = false);
        await reference.InitializeAsync(CancellationToken.None);
        AssertSameSegments(reference, restarted);
    }

    [Fact]
    public async Task A_snapshot_taken_on_an_empty_ledger_is_brought_up_to_date_once_customers_exist()
    {
        using var data = new TempDirectory("cls-snapshot-empty");
        var store = new LedgerStore(new LedgerOptions { DataDir = data.Path });
        var clock = new FakeTimeProvider(SeededAt);
        await using (var empty = CreateEngine(store, clock))
        {
            await empty.InitializeAsync(CancellationToken.None);
            await empty.SaveSnapshotAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(data.Path, StateSnapshotFile.FileName)));
        // Customers written with no classification running (as an import would).
        await using (var writer = new LedgerWriter(store, clock, [], NullLogger<LedgerWriter>.Instance))
        {
            for (var i = 0; i < 3; i++)
            {
                var id = (await writer.ExecuteAsync(new CreateCustomer(new CustomerFields { ExternalRef = $"after-{i}", Name = $"客户 {i}", Type = CustomerType.Enterprise }), "tester")).Id;
                await writer.ExecuteAsync(Sale(id, 1_000_000 * (i + 1), clock.GetUtcNow().UtcDateTime), "tester");
            }
        }

        var (marks, _) = StateSnapshotFile.Read(Path.Combine(data.Path, StateSnapshotFile.FileName), CancellationToken.None);
        await using var restarted = CreateEngine(store, clock);
        Assert.Null(restarted.ReadChanges(marks.RowsDiffer));
        await restarted.InitializeAsync(CancellationToken.None);
        Assert.Equal("snapshot", restarted.LoadedFrom);
        Assert.Equal(3, restarted.State.Count);
        await AssertStoredAsServedAsync(store, restarted);
    }

    /// <summary>Every customer's stored memberships are the ones served, none is left unstored, and no customer has its
    /// initial classification stored twice in a dimension.</summary>
    private static async Task AssertStoredAsServedAsync(LedgerStore store, ClassificationEngine engine)
    {
        var stored = engine.ReadChanges(ClassificationReader.LoadMemberships);
        foreach (var entry in engine.State.Entries)
        {
            Assert.False(entry.Unstored);
            Assert.Equal(Show(entry.Memberships), Show(stored.GetValueOrDefault(entry.CustomerId) ?? []));
            if (!entry.Archived) Assert.NotEmpty(entry.Memberships);
        }

        Assert.Empty(await Rows(store, "SELECT CustomerId FROM cls_segment_changes WHERE Cause = 'initial' GROUP BY CustomerId, Dimension HAVING COUNT(*) > 1"));
        SegmentIndexOracle.AssertMatches(engine.State, engine.Snapshot.Dimensions.Select(d => d.Name));
    }

    private static async Task<long> Count(LedgerStore store, string sql) => long.Parse((await Rows(store, sql)).Single(), System.Globalization.CultureInfo.InvariantCulture);
}
