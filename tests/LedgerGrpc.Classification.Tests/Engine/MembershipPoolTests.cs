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

    [Fact]
    public void Arrays_of_the_same_memberships_are_shared_and_any_difference_gets_its_own()
    {
        var large = new Membership("size", "large", "Large", 1, Now);
        var east = new Membership("region", "east", "East", 1, Now);
        var west = new Membership("region", "west", "West", 1, Now);

        var first = MembershipPool.ArrayOf([large, east]);
        Assert.Same(first, MembershipPool.ArrayOf([large, east]));
        Assert.Equal([large, west], MembershipPool.ArrayOf([large, west]));
        Assert.Equal([east, large], MembershipPool.ArrayOf([east, large]));
        // An equal but distinct object is a different membership for sharing purposes (callers pass pooled objects).
        Assert.NotSame(first, MembershipPool.ArrayOf([large, east with { }]));

        var loader = new MembershipPool.Loader();
        var loaded = loader.ShareArray([large, east]);
        Assert.Same(loaded, loader.ShareArray([large, east]));
        Assert.NotSame(loaded, loader.ShareArray([large]));
        Assert.Equal([large], loader.ShareArray([large]));
    }
}
