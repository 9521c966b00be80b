using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerGrpc.Classification.Tests.Storage;

/// <summary>The engine against a real SQLite file holding a seeded ledger.</summary>
public sealed class ClassificationStorageTests
{
    private const int Customers = 300;
    private static readonly DateTimeOffset SeededAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_first_start_cut_short_between_chunks_resumes_and_ends_as_an_uninterrupted_one()
    {
        using var data = new TempDirectory("cls-chunked-start");
        var interrupted = Seed(data.Directory("interrupted"));
        var clean = Seed(data.Directory("clean"));

        // A crash after the second chunk's commit (or during the third, whose transaction rolls back) leaves this.
        await using (var engine = CreateEngine(interrupted, chunk: 40))
        {
            engine.Reclassifier.ChunkStored = stored =>
            {
                if (stored >= 80) throw new IOException("simulated crash");
            };
            await Assert.ThrowsAsync<IOException>(() => engine.InitializeAsync(CancellationToken.None));
        }

        var partial = Rows(interrupted, "SELECT DISTINCT CustomerId FROM cls_memberships ORDER BY CustomerId");
        Assert.Equal(Rows(interrupted, "SELECT Id FROM customers ORDER BY Id").Take(80), partial);

        await using var resumed = CreateEngine(interrupted, chunk: 40);
        await resumed.InitializeAsync(CancellationToken.None);
        await using var reference = CreateEngine(clean, chunk: 1000);
        await reference.InitializeAsync(CancellationToken.None);

        const string memberships = "SELECT CustomerId || '|' || Dimension || '|' || Segment || '|' || Rule || '|' || WorkflowVersion || '|' || SinceUnixMs FROM cls_memberships ORDER BY 1";
        const string history = "SELECT CustomerId || '|' || Dimension || '|' || FromSegment || '|' || ToSegment || '|' || Cause || '|' || AtUnixMs FROM cls_segment_changes ORDER BY 1";
        Assert.Equal(Customers, Rows(clean, "SELECT DISTINCT CustomerId FROM cls_memberships").Count);
        Assert.Equal(Rows(clean, memberships), Rows(interrupted, memberships));
        // Every membership entered once: the resumed start recorded no change twice.
        Assert.Equal(Rows(clean, history), Rows(interrupted, history));
        // The resumed engine read the ledger in ranges of 40 customer ids, the reference in one: both hold everyone.
        Assert.Equal(Customers, resumed.State.Count);
        Assert.Equal(Customers, reference.State.Count);
        foreach (var entry in reference.State.Entries)
        {
            Assert.Equal(entry.Memberships, resumed.State.Get(entry.CustomerId)!.Memberships);
        }
    }

    [Fact]
    public async Task A_database_created_by_the_first_schema_upgrades_and_keeps_its_rows()
    {
        using var data = new TempDirectory("cls-upgrade");
        var store = new LedgerStore(new LedgerOptions { DataDir = data.Path });
        await using (var db = Context(store))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261123094205_InitialClassification");
        }

        Exec(store, """
            INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs) VALUES (7, 'size', 'small', 'r1', 1, 1000);
            INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs) VALUES (3, 'tags', 'vip', 'r2', 1, 1000);
            INSERT INTO cls_memberships (CustomerId, Dimension, Segment, Rule, WorkflowVersion, SinceUnixMs) VALUES (3, 'tags', 'late', 'r3', 1, 1000);
            INSERT INTO cls_segment_changes (CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule) VALUES (7, 'size', '', 'small', 1000, 'initial', 1, 'r1');
            """);
        Assert.Contains("IX_cls_memberships_Dimension_Segment_CustomerId", Rows(store, "SELECT name FROM sqlite_master WHERE type = 'index'"));

        await using (var db = Context(store))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        Assert.DoesNotContain("IX_cls_memberships_Dimension_Segment_CustomerId", Rows(store, "SELECT name FROM sqlite_master WHERE type = 'index'"));
        var table = Rows(store, "SELECT sql FROM sqlite_master WHERE name = 'cls_memberships'").Single();
        Assert.Contains("PRIMARY KEY (\"Dimension\", \"CustomerId\", \"Segment\")", table);
        Assert.EndsWith("WITHOUT ROWID", table.Trim());
        Assert.Equal(["3|tags|late|r3", "3|tags|vip|r2", "7|size|small|r1"],
            Rows(store, "SELECT CustomerId || '|' || Dimension || '|' || Segment || '|' || Rule FROM cls_memberships ORDER BY 1"));
        Assert.Equal(["1|7|small"], Rows(store, "SELECT Sequence || '|' || CustomerId || '|' || ToSegment FROM cls_segment_changes"));
        // History rows written before batches existed are batch 0 and are still found per customer.
        Assert.Contains("IX_cls_segment_changes_Batch_CustomerId_Sequence", Rows(store, "SELECT name FROM sqlite_master WHERE type = 'index'"));
        Assert.DoesNotContain("IX_cls_segment_changes_CustomerId_Sequence", Rows(store, "SELECT name FROM sqlite_master WHERE type = 'index'"));
        using var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        Assert.Equal("small", Assert.Single(ClassificationReader.History(connection, 7, null, 10)).To);
    }

    [Fact]
    public async Task A_customers_history_is_read_across_batches_newest_first()
    {
        using var data = new TempDirectory("cls-history-batches");
        var store = new LedgerStore(new LedgerOptions { DataDir = data.Path });
        await using (var db = Context(store))
        {
            await db.Database.MigrateAsync();
        }

        var at = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        SegmentChange Change(long customer, string dimension, string from, string to) => new(0, customer, dimension, from, to, at, ChangeCause.Publish, 2, "r");
        long firstBatch, secondBatch;
        using (var connection = BulkWriteConnection.Open(store.ConnectionString))
        using (var transaction = connection.BeginTransaction())
        {
            using (var writer = new ClassificationBatchWriter(new TransactionStatements(connection, transaction)))
            {
                // Sequences 1-2 in batch 0 (a ledger write), 3-5 in a job's batch, 6 in batch 0 again, 7-8 in a second job's.
                writer.Insert(Change(1, "size", "", "small"));
                writer.Insert(Change(2, "size", "", "small"));
                firstBatch = writer.NewBatch();
                writer.Insert(Change(1, "size", "small", "large"));
                writer.Insert(Change(1, "tier", "", "gold"));
                writer.Insert(Change(2, "size", "small", "large"));
                writer.Batch = 0;
                writer.Insert(Change(1, "size", "large", "medium"));
                secondBatch = writer.NewBatch();
                writer.Insert(Change(1, "tier", "gold", "silver"));
                writer.Insert(Change(3, "tier", "", "gold"));
            }

            transaction.Commit();
        }

        Assert.Equal(3, firstBatch);
        Assert.Equal(7, secondBatch);
        Assert.Equal(["1|0", "2|0", "3|3", "4|3", "5|3", "6|0", "7|7", "8|7"], Rows(store, "SELECT Sequence || '|' || Batch FROM cls_segment_changes ORDER BY Sequence"));
        // Empty segment names are stored as empty text, not NULL.
        Assert.Equal(["4"], Rows(store, "SELECT COUNT(*) FROM cls_segment_changes WHERE FromSegment = ''"));
        using var read = new SqliteConnection(store.ConnectionString);
        read.Open();
        Assert.Equal([7L, 6L, 4L, 3L, 1L], ClassificationReader.History(read, 1, null, 10).Select(c => c.Sequence));
        Assert.Equal([7L, 6L], ClassificationReader.History(read, 1, null, 2).Select(c => c.Sequence));
        Assert.Equal([7L, 4L], ClassificationReader.History(read, 1, "tier", 10).Select(c => c.Sequence));
        Assert.Equal([("gold", "silver")], ClassificationReader.History(read, 1, "tier", 1).Select(c => (c.From, c.To)));
        Assert.Empty(ClassificationReader.History(read, 4, null, 10));
    }

    [Fact]
    public async Task The_batch_writer_numbers_changes_after_every_sequence_ever_used_and_keeps_replaces_in_order()
    {
        using var data = new TempDirectory("cls-writer");
        var store = new LedgerStore(new LedgerOptions { DataDir = data.Path });
        await using (var db = Context(store))
        {
            await db.Database.MigrateAsync();
        }

        // Sequence 5 was used and its row is gone: AUTOINCREMENT never hands it out again, nor does the writer.
        Exec(store, """
            INSERT INTO cls_segment_changes (Sequence, CustomerId, Dimension, FromSegment, ToSegment, AtUnixMs, Cause, WorkflowVersion, Rule) VALUES (5, 1, 'd', '', 'x', 0, 'initial', 1, 'r');
            DELETE FROM cls_segment_changes;
            """);
        var at = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var returned = new List<long>();
        using (var connection = BulkWriteConnection.Open(store.ConnectionString))
        using (var transaction = connection.BeginTransaction())
        {
            using (var writer = new ClassificationBatchWriter(new TransactionStatements(connection, transaction)))
            {
                writer.ReplaceMemberships(1, "d", [new Membership("d", "first", "r", 1, at)]);
                writer.ReplaceMemberships(1, "d", [new Membership("d", "second", "r", 1, at)]);
                for (var id = 10L; id < 3010; id++)
                {
                    writer.ReplaceMemberships(id, "tags", [new Membership("tags", "a", "r", 1, at), new Membership("tags", "b", "r", 1, at)]);
                    returned.Add(writer.Insert(new SegmentChange(0, id, "tags", "", "a", at, ChangeCause.Sweep, 1, "r")).Sequence);
                }

                writer.ReplaceMemberships(10, "tags", []);
            }

            transaction.Commit();
        }

        Assert.Equal(Enumerable.Range(6, 3000).Select(i => (long)i), returned);
        Assert.Equal(returned.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), Rows(store, "SELECT Sequence FROM cls_segment_changes ORDER BY Sequence"));
        Assert.Equal(["d|second"], Rows(store, "SELECT Dimension || '|' || Segment FROM cls_memberships WHERE CustomerId = 1"));
        Assert.Empty(Rows(store, "SELECT Segment FROM cls_memberships WHERE CustomerId = 10"));
        Assert.Equal(["5998"], Rows(store, "SELECT COUNT(*) FROM cls_memberships WHERE Dimension = 'tags'"));
    }

    private static LedgerStore Seed(string dataDir)
    {
        var store = new LedgerStore(new LedgerOptions { DataDir = dataDir });
        new LedgerSeeder(store, new FakeTimeProvider(SeededAt)).Run(Customers, randomSeed: 7);
        return store;
    }

    private static ClassificationEngine CreateEngine(LedgerStore store, int chunk)
    {
        var clock = new FakeTimeProvider(SeededAt.AddDays(1));
        var workflows = new WorkflowStore(() => Context(store), clock);
        var options = new ClassificationOptions { SweepInterval = TimeSpan.Zero, SweepChunkSize = chunk, StoreBehindStepCustomers = chunk };
        return new ClassificationEngine(store, workflows, options, clock, NullLogger<ClassificationEngine>.Instance);
    }

    private static ClassificationDbContext Context(LedgerStore store) => new(ClassificationDbContextOptions.Create(store.ConnectionString));

    private static void Exec(LedgerStore store, string sql)
    {
        using var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Rows(LedgerStore store, string sql)
    {
        using var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}
