using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class SegmentIndexTests
{
    private static readonly FeatureCalculator Calculator = new();
    private static readonly DateTime At = new(2026, 6, 30, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_customer_moving_segments_moves_its_count_and_spend_and_an_emptied_segment_disappears()
    {
        var store = new CustomerStateStore();
        store.Set(Entry(1, 500, ("value_tier", "high"), ("region", "east")));
        store.Set(Entry(2, 300, ("value_tier", "low"), ("region", "east")));

        Assert.Equal([("high", 1L, 500L), ("low", 1L, 300L)], store.Segments.Segments("value_tier").OrderBy(s => s.Segment));
        var (page, total) = store.Segments.Members("region", "east", 0, 10);
        Assert.Equal([1L, 2], page);
        Assert.Equal(2, total);
        Assert.Equal([2L], store.Segments.Members("region", "east", 1, 10).Page);

        // Customer 1 spends more and drops to low; the region stays, with the new spend.
        store.Set(Entry(1, 700, ("value_tier", "low"), ("region", "east")));
        Assert.Equal([("low", 2L, 1_000L)], store.Segments.Segments("value_tier"));
        Assert.Equal([("east", 2L, 1_000L)], store.Segments.Segments("region"));
        (page, total) = store.Segments.Members("value_tier", "high", 0, 10);
        Assert.Empty(page);
        Assert.Equal(0, total);

        // Archived: no memberships, out of every segment; removed from memory: the same.
        store.Set(Entry(2, 300));
        store.Remove(1);
        Assert.Empty(store.Segments.Segments("value_tier"));
        Assert.Empty(store.Segments.Segments("region"));
        Assert.Empty(store.Segments.Segments("unknown"));
    }

    [Fact]
    public void A_write_that_keeps_a_customer_alone_in_its_segments_moves_spend_without_allocating_a_new_bitmap()
    {
        var index = new SegmentIndex();
        var before = Entry(1, 500, ("value_tier", "high"), ("tags", "vip"), ("tags", "east"));
        index.Replace(null, before);
        var after = Entry(1, 800, ("value_tier", "high"), ("tags", "vip"), ("tags", "north"));
        index.Replace(before, after); // warm: the "north" segment is new, "east" empties
        Assert.Equal([("north", 1L, 800L), ("vip", 1L, 800L)], index.Segments("tags").OrderBy(s => s.Segment));

        var again = Entry(1, 900, ("value_tier", "high"), ("tags", "vip"), ("tags", "north"));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        index.Replace(after, again);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        // Removing and re-adding the only member emptied the segment and allocated an 8 KB bitmap chunk per write.
        Assert.Equal(0, allocated);
        Assert.Equal([("high", 1L, 900L)], index.Segments("value_tier"));
        Assert.Equal([("north", 1L, 900L), ("vip", 1L, 900L)], index.Segments("tags").OrderBy(s => s.Segment));
        Assert.Equal([1L], index.Members("tags", "north", 0, 10).Page);
        Assert.Empty(index.Members("tags", "east", 0, 10).Page);
    }

    [Fact]
    public void Rebuilding_from_the_entries_gives_the_index_kept_entry_by_entry()
    {
        var random = new Random(7);
        string[] tiers = ["high", "medium", "low"];
        string[] regions = ["east", "west", "north"];
        var store = new CustomerStateStore();
        for (var i = 0; i < 5_000; i++)
        {
            var id = random.Next(1, 2_000);
            store.Set(Entry(id, random.Next(1_000), ("value_tier", tiers[random.Next(3)]), ("region", regions[random.Next(3)])));
        }

        var incremental = Describe(store.Segments, ["value_tier", "region"]);
        store.RebuildSegmentIndex();
        Assert.Equal(incremental, Describe(store.Segments, ["value_tier", "region"]));
        SegmentIndexOracle.AssertMatches(store, ["value_tier", "region"]);
    }

    private static List<string> Describe(SegmentIndex index, string[] dimensions) =>
        [.. dimensions.SelectMany(d => index.Segments(d).OrderBy(s => s.Segment).Select(s =>
            $"{d}/{s.Segment}: {s.Customers} {s.SpendMinor} [{string.Join(",", index.Members(d, s.Segment, 0, int.MaxValue).Page)}]"))];

    private static CustomerEntry Entry(long id, long spend, params (string Dimension, string Segment)[] memberships)
    {
        var profile = new CustomerProfile(id, "ext-" + id, "Customer " + id, "individual", "", "", "", [], [], DateTime.UnixEpoch, memberships.Length == 0);
        var facts = new CustomerFacts(profile, spend == 0 ? [] : [new PurchaseFact(At.AddDays(-1), spend, false, "A")], [], 0, 0);
        return new CustomerEntry(facts, Calculator.Calculate(facts, At), [.. memberships.Select(m => new Membership(m.Dimension, m.Segment, "rule", 1, At))], 1, Calculator);
    }
}
