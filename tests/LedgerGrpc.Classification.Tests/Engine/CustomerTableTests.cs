using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Tests.Features;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class CustomerTableTests
{
    private static readonly FeatureCalculator Calculator = new();

    private static CustomerEntry Entry(long id, long version = 1)
    {
        var profile = new CustomerProfile(id, "ext-" + id, "Customer " + id, "individual", "", "", "", [], [], DateTime.UnixEpoch, false);
        var facts = new CustomerFacts(profile, [], [], 0, 0);
        return new CustomerEntry(facts, Calculator.Calculate(facts, DateTime.UnixEpoch), [], version, Calculator);
    }

    [Fact]
    public void Set_get_replace_and_remove_dense_and_far_ids()
    {
        var table = new CustomerTable();
        long[] ids = [1, 2, 5_000, 1L << 40, -3];
        foreach (var id in ids) table.Set(id, Entry(id));

        Assert.Equal(ids.Length, table.Count);
        Assert.All(ids, id => Assert.Equal(id, table.Get(id)!.CustomerId));
        Assert.Null(table.Get(3));
        Assert.Null(table.Get(1L << 39));
        Assert.Equal(ids.Order(), table.Entries.Select(e => e.CustomerId).Order());

        var replacement = Entry(5_000, version: 2);
        table.Set(5_000, replacement);
        Assert.Same(replacement, table.Get(5_000));
        Assert.Equal(ids.Length, table.Count);

        table.Remove(2);
        table.Remove(1L << 40);
        table.Remove(999_999);
        Assert.Equal(ids.Length - 2, table.Count);
        Assert.Null(table.Get(2));
        Assert.Null(table.Get(1L << 40));
    }

    [Fact]
    public async Task Readers_never_lose_an_entry_while_writers_grow_the_table()
    {
        // Writers keep adding ids (forcing the array to grow many times) and replacing early ones; readers check that
        // an id once present never reads as missing.
        var table = new CustomerTable();
        const int Ids = 200_000;
        for (var id = 1; id <= 100; id++) table.Set(id, Entry(id));
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var id = 101 + w; id <= Ids; id += 2)
            {
                table.Set(id, Entry(id));
                table.Set(1 + (id % 100), Entry(1 + (id % 100), version: id));
            }
        })).ToArray();
        var missing = 0;
        var reader = Task.Run(() =>
        {
            while (!writers.All(w => w.IsCompleted))
            {
                for (var id = 1; id <= 100; id++)
                {
                    if (table.Get(id) is null) Interlocked.Increment(ref missing);
                }
            }
        });

        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(0, missing);
        Assert.Equal(Ids, table.Count);
        Assert.Equal(Ids, table.Entries.Count());
    }
}
