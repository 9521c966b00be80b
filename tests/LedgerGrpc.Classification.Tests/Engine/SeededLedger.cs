using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LedgerGrpc.Classification.Tests.Engine;

/// <summary>Restart tests' set-up: a seeded ledger file, engines started on it, sales.</summary>
internal static class SeededLedger
{
    public static readonly DateTimeOffset SeededAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static LedgerStore Seed(string dataDir, int customers, int randomSeed = 11)
    {
        var store = new LedgerStore(new LedgerOptions { DataDir = dataDir });
        new LedgerSeeder(store, new FakeTimeProvider(SeededAt)).Run(customers, randomSeed);
        return store;
    }

    public static ClassificationEngine CreateEngine(LedgerStore store, TimeProvider clock, bool snapshot = true, Action<ClassificationOptions>? configure = null)
    {
        var workflows = new WorkflowStore(() => new ClassificationDbContext(ClassificationDbContextOptions.Create(store.ConnectionString)), clock);
        var options = new ClassificationOptions { SweepInterval = TimeSpan.Zero, SweepChunkSize = 64, Snapshot = snapshot };
        configure?.Invoke(options);
        return new ClassificationEngine(store, workflows, options, clock, NullLogger<ClassificationEngine>.Instance);
    }

    public static RecordTransaction Sale(long customerId, long amount, DateTime at) => new()
    {
        CustomerId = customerId, Kind = TransactionKind.Sale, AmountMinor = amount, Currency = "CNY", Product = "widget", Quantity = 1, OccurredAt = at,
    };

    /// <summary>A customer's segments, dimension by dimension, in a stable order (for comparing two engines).</summary>
    public static string Show(Membership[] memberships) =>
        string.Join(",", memberships.Select(m => $"{m.Dimension}={m.Segment}").Order(StringComparer.Ordinal));

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text.</summary>
    public static async Task<List<string>> Rows(LedgerStore store, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    /// <summary>Every customer of <paramref name="expected"/> has the same segments in <paramref name="actual"/>.</summary>
    public static void AssertSameSegments(ClassificationEngine expected, ClassificationEngine actual)
    {
        Xunit.Assert.Equal(expected.State.Count, actual.State.Count);
        foreach (var entry in expected.State.Entries)
        {
            Xunit.Assert.Equal(Show(entry.Memberships), Show(actual.State.Get(entry.CustomerId)!.Memberships));
        }
    }
}
