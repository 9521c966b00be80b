using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Tests.Engine;

/// <summary>Checks the maintained segment index against the obvious answer: a walk over every entry's memberships.</summary>
public static class SegmentIndexOracle
{
    public static void AssertMatches(CustomerStateStore state, IEnumerable<string> dimensions)
    {
        var entries = state.Entries.ToList();
        foreach (var dimension in dimensions)
        {
            var expected = entries
                .SelectMany(e => e.Memberships.Where(m => m.Dimension == dimension).Select(m => (m.Segment, e.CustomerId, Spend: e.Facts.Purchases.TotalMinor)))
                .GroupBy(x => x.Segment)
                .ToDictionary(g => g.Key, g => (Ids: g.Select(x => x.CustomerId).Order().ToList(), Spend: g.Sum(x => x.Spend)));
            var actual = state.Segments.Segments(dimension);
            Assert.Equal(
                expected.Select(p => $"{dimension}/{p.Key}: {p.Value.Ids.Count} {p.Value.Spend}").Order(),
                actual.Select(s => $"{dimension}/{s.Segment}: {s.Customers} {s.SpendMinor}").Order());
            foreach (var (segment, (ids, _)) in expected)
            {
                var (page, total) = state.Segments.Members(dimension, segment, 0, int.MaxValue);
                Assert.Equal(ids.Count, total);
                Assert.Equal(ids, page);
            }
        }
    }
}
