using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Features;

public sealed class CustomerProfileTests
{
    private static CustomerProfile With(params (string Key, string Value)[] attributes) =>
        new(1, "ext-1", "n", "individual", "", "", "", [], attributes.Select(a => KeyValuePair.Create(a.Key, a.Value)), DateTime.UnixEpoch, false);

    [Fact]
    public void Equal_attribute_sets_share_one_array_and_different_ones_do_not()
    {
        // Fresh string instances, as every row read from SQLite has.
        var a = With((new string("channel"), new string("store-profile-test")));
        var b = With((new string("channel"), new string("store-profile-test")));
        var other = With(("channel", "online-profile-test"));
        var twoKeys = With(("channel", "store-profile-test"), ("tier", "gold"));

        Assert.Same(a.Attributes, b.Attributes);
        Assert.NotSame(a.Attributes, other.Attributes);
        Assert.Equal([KeyValuePair.Create("channel", "online-profile-test")], other.Attributes);
        Assert.Equal(2, twoKeys.Attributes.Length);
        Assert.Empty(With().Attributes);
    }
}
