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

/// <summary>The classification state snapshot: a start from it serves what a full load of the ledger serves, writes
/// made after it included, and a snapshot that does not match the database is never used.</summary>
public sealed class StateSnapshotTests
{
    private const int Customers = 150;

    [Fact]
    public async Task A_start_from_the_snapshot_holds_what_a_full_load_holds_including_writes_made_after_it()
    {
        using var data = new TempDirectory("cls-snapshot");
        var store = Seed(data.Path, Customers);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        long created;
        await using (var first = CreateEngine(store, clock, snapshot: true))
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.SaveSnapshotAsync(CancellationToken.None);
        }

        // After the snapshot (a server that writes none, so the one above stays the latest): a sale that moves a
        // customer, a new customer who buys.
        await using (var second = CreateEngine(store, clock, snapshot: false))
        {
            await using var writer = new LedgerWriter(store, clock, [new LedgerClassificationHook(second)], NullLogger<LedgerWriter>.Instance);
            await second.InitializeAsync(CancellationToken.None);
            var now = clock.GetUtcNow().UtcDateTime;
            await writer.ExecuteAsync(Sale(second.State.Entries.First(e => !e.Archived).CustomerId, 900_000_000, now), "tester");
            created = (await writer.ExecuteAsync(new CreateCustomer(new CustomerFields { ExternalRef = "after-snapshot", Name = "快照之后", Type = CustomerType.Enterprise }), "tester")).Id;
            await writer.ExecuteAsync(Sale(created, 5_000_000, now), "tester");
        }

        var restored = await LoadedStateAsync(store, clock, snapshot: true);
        var loaded = await LoadedStateAsync(store, clock, snapshot: false);

        Assert.Equal(("snapshot", "ledger"), (restored.From, loaded.From));
        Assert.Equal(Customers + 1, loaded.State.Count);
        Assert.Equal(loaded.State, restored.State);
        Assert.Contains("value_tier=", loaded.State[created]);
    }

    [Theory]
    [InlineData("a byte changed")]
    [InlineData("cut short")]
    [InlineData("another ledger's snapshot")]
    [InlineData("the database restored from before it")]
    public async Task A_snapshot_that_does_not_match_the_database_is_refused_and_the_ledger_is_loaded_whole(string damage)
    {
        using var data = new TempDirectory("cls-snapshot-bad");
        var store = Seed(data.Path, Customers);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        var path = Path.Combine(data.Path, StateSnapshotFile.FileName);
        var backup = Path.Combine(data.Path, "before.db");
        await using (var first = CreateEngine(store, clock, snapshot: true))
        {
            await using var writer = new LedgerWriter(store, clock, [new LedgerClassificationHook(first)], NullLogger<LedgerWriter>.Instance);
            await first.InitializeAsync(CancellationToken.None);
            LedgerBackup.Run(store.DatabasePath, backup);
            await writer.ExecuteAsync(Sale(first.State.Entries.First(e => !e.Archived).CustomerId, 900_000_000, clock.GetUtcNow().UtcDateTime), "tester");
            await first.SaveSnapshotAsync(CancellationToken.None);
        }

        switch (damage)
        {
            case "a byte changed":
                var bytes = await File.ReadAllBytesAsync(path);
                bytes[bytes.Length / 2] ^= 0x5A;
                await File.WriteAllBytesAsync(path, bytes);
                break;
            case "cut short":
                await using (var file = new FileStream(path, FileMode.Open))
                {
                    file.SetLength(file.Length - 100);
                }

                break;
            case "another ledger's snapshot":
                using (var other = new TempDirectory("cls-snapshot-other"))
                {
                    var otherStore = Seed(other.Path, Customers, randomSeed: 12);
                    await using (var engine = CreateEngine(otherStore, clock, snapshot: true))
                    {
                        await engine.InitializeAsync(CancellationToken.None);
                        await engine.SaveSnapshotAsync(CancellationToken.None);
                    }

                    File.Copy(Path.Combine(other.Path, StateSnapshotFile.FileName), path, overwrite: true);
                }

                break;
            default:
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Copy(backup, Path.Combine(data.Path, "ledger.db"), overwrite: true);
                File.Delete(Path.Combine(data.Path, "ledger.db-wal"));
                break;
        }

        var refused = await LoadedStateAsync(store, clock, snapshot: true);
        var loaded = await LoadedStateAsync(store, clock, snapshot: false);
        Assert.Equal(("ledger", "ledger"), (refused.From, loaded.From));
        Assert.Equal(loaded.State, refused.State);
    }

    /// <summary>The marks are read holding the engine's gate while a ledger batch may hold SQLite's write lock and wait
    /// for that gate: reading them must not ask for the write lock, or the writer stalls until the busy timeout (a
    /// write right after a sweep's snapshot once hung for 30 s). Here another connection holds the write lock and the
    /// reading connection's busy timeout is 1 s: a read that asked for the lock would fail with SQLITE_BUSY.</summary>
    [Fact]
    public async Task The_snapshot_marks_are_read_while_another_connection_holds_the_write_lock()
    {
        using var data = new TempDirectory("cls-snapshot-marks");
        var store = Seed(data.Path, 20);
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        await using (var engine = CreateEngine(store, clock, snapshot: false)) await engine.InitializeAsync(CancellationToken.None);
        SnapshotMarks expected;
        using (var free = new Microsoft.Data.Sqlite.SqliteConnection(store.ConnectionString))
        {
            free.Open();
            expected = SnapshotMarks.Read(free);
        }

        using var writer = store.OpenWriterConnection();
        using var writing = writer.BeginTransaction(deferred: false);
        using var reader = new Microsoft.Data.Sqlite.SqliteConnection(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString) { DefaultTimeout = 1, Pooling = false }.ToString());
        reader.Open();

        Assert.Equal(expected, SnapshotMarks.Read(reader));
        Assert.Null(expected.RowsDiffer(reader));
    }

    /// <summary>Starts an engine on the file and captures, per customer, its segments and the facts they come from at
    /// the moment the load has read everyone, then stops it there: before the catch-up and the start-up sweep, which
    /// would mend stale memberships (hiding them) and write to the file (changing what the next load reads).</summary>
    private static async Task<(string From, SortedDictionary<long, string> State)> LoadedStateAsync(LedgerStore store, TimeProvider clock, bool snapshot)
    {
        await using var engine = CreateEngine(store, clock, snapshot);
        var state = new SortedDictionary<long, string>();
        engine.BeforeCatchUp = _ =>
        {
            // Derived indexes are rebuilt from what is restored, never read from the snapshot.
            SegmentIndexOracle.AssertMatches(engine.State, engine.Snapshot.Dimensions.Select(d => d.Name));
            foreach (var e in engine.State.Entries)
            {
                var f = e.Facts;
                state[e.CustomerId] = string.Join(";",
                    string.Join(",", e.Memberships.Select(m => $"{m.Dimension}={m.Segment}")),
                    $"{f.Profile.Name}|{f.Profile.Region}|{f.Profile.Archived}|{string.Join(",", f.Profile.Attributes)}",
                    $"{f.Purchases.Count}|{f.Purchases.TotalMinor}|{f.Purchases.LastTransactionId}|{f.Purchases.MedianDaysBetweenOrders}",
                    string.Join(",", f.Invoices.Select(i => $"{i.AmountMinor}/{i.PaidMinor}/{i.SettledAt:O}")),
                    $"{f.CreditLimitMinor}|{f.CreditBalanceMinor}");
            }

            throw new OperationCanceledException("captured");
        };
        await Assert.ThrowsAsync<OperationCanceledException>(() => engine.InitializeAsync(CancellationToken.None));
        Assert.NotEmpty(state);
        return (engine.LoadedFrom, state);
    }



}
