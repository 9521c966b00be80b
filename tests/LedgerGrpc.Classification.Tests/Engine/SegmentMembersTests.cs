using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class SegmentMembersTests
{
    [Fact]
    public void Pages_come_out_in_id_order_across_chunks_and_far_ids()
    {
        var members = new SegmentMembers();
        long[] ids = [-7, 1, 63, 64, 65_535, 65_536, 200_000, 1L << 28, 1L << 40];
        foreach (var id in ids.Reverse()) Assert.True(members.Add(id, 10));

        Assert.Equal(ids, members.After(long.MinValue, 100));
        Assert.Equal(ids.Where(id => id > 63).Take(3), members.After(63, 3));
        Assert.Equal([1L << 28, 1L << 40], members.After(200_000, 10));
        Assert.Equal([1L, 63], members.After(-7, 2));
        Assert.Empty(members.After(1L << 40, 10));
        Assert.Empty(members.After(0, 0));
        Assert.Equal((ids.Length, ids.Length * 10L), (members.Count, members.SpendMinor));
    }

    [Fact]
    public void Adding_twice_or_removing_a_non_member_changes_nothing()
    {
        var members = new SegmentMembers();
        Assert.True(members.Add(5, 100));
        Assert.False(members.Add(5, 100));
        Assert.False(members.Remove(6, 100));
        Assert.False(members.Remove(1L << 50, 100));
        Assert.Equal((1, 100), (members.Count, members.SpendMinor));
        Assert.True(members.Remove(5, 100));
        Assert.False(members.Contains(5));
        Assert.Equal((0, 0), (members.Count, members.SpendMinor));
    }

    [Fact]
    public void Random_adds_and_removes_agree_with_a_sorted_set_page_by_page()
    {
        // The bitmap against the obvious structure: same members, same pages from any starting id.
        var random = new Random(16);
        var members = new SegmentMembers();
        var expected = new SortedSet<long>();
        for (var i = 0; i < 20_000; i++)
        {
            var id = random.Next(10) == 0 ? (1L << 30) + random.Next(100) : random.Next(300_000);
            if (random.Next(3) == 0) Assert.Equal(expected.Remove(id), members.Remove(id, 1));
            else Assert.Equal(expected.Add(id), members.Add(id, 1));
        }

        Assert.Equal(expected.Count, members.Count);
        Assert.Equal(expected.Count, members.SpendMinor);
        var paged = new List<long>();
        for (var page = members.After(0, 997); page.Count > 0; page = members.After(page[^1], 997)) paged.AddRange(page);
        Assert.Equal(expected, paged);
        for (var k = 0; k < 200; k++)
        {
            var after = random.Next(310_000);
            Assert.Equal(expected.Where(id => id > after).Take(50), members.After(after, 50));
        }
    }
}
