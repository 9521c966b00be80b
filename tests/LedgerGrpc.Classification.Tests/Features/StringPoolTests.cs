using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Features;

public sealed class StringPoolTests
{
    [Fact]
    public void Unique_attribute_values_past_the_bound_do_not_stop_names_being_shared()
    {
        // A ledger whose customers each carry a unique attribute value (an external CRM id, say) fills the attribute
        // value pool; product names must still be shared afterwards. (Fills that pool for this test process: other
        // tests share attribute arrays by content, not by pooled values.)
        for (var i = 0; i < 100_001; i++) StringPool.ShareAttributeValue("crm-" + i);

        var product = StringPool.Share(new string("string-pool-test-product"));
        Assert.Same(product, StringPool.Share(new string("string-pool-test-product")));

        var beyond = new string("crm-beyond-the-bound");
        Assert.Same(beyond, StringPool.ShareAttributeValue(beyond));
        Assert.Same(StringPool.ShareAttributeValue("crm-7"), StringPool.ShareAttributeValue(new string("crm-7")));
        Assert.Equal("", StringPool.Share(""));
    }
}
