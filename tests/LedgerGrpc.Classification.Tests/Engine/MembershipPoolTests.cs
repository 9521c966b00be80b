using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class MembershipPoolTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Equal_fresh_memberships_are_one_object_and_any_difference_makes_another()
    {
        const string dimension = "value_tier", segment = "high", rule = "HighValue";
        var first = MembershipPool.Fresh(dimension, segment, rule, 3, Now);
        Assert.Same(first, MembershipPool.Fresh(dimension, segment, rule, 3, Now));

        var differing = new[]
        {
            MembershipPool.Fresh(dimension, segment, rule, 4, Now),
            MembershipPool.Fresh(dimension, segment, rule, 3, Now.AddMilliseconds(1)),
            MembershipPool.Fresh(dimension, segment, rule, 3, Now, overridden: true),
            MembershipPool.Fresh(dimension, "low", rule, 3, Now),
        };
        Assert.All(differing, m => Assert.NotEqual(first, m));
        Assert.Equal(new Membership(dimension, segment, rule, 3, Now), MembershipPool.Fresh(dimension, segment, rule, 3, Now));
    }

    [Fact]
    public void The_loader_shares_equal_rows_and_keeps_distinct_ones()
    {
        var loader = new MembershipPool.Loader();
        var a = loader.Share(new Membership("size", "large", "Large", 1, Now));
        var b = loader.Share(new Membership("size", "large", "Large", 1, Now));
        var c = loader.Share(new Membership("size", "large", "Large", 1, Now.AddDays(1)));
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Equal(Now.AddDays(1), c.Since);
    }
}
