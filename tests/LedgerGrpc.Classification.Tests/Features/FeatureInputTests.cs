using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Features;

public sealed class FeatureInputTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Values_are_parsed_to_each_features_type_and_derived_values_follow()
    {
        var f = FeatureInput.FromValues(new Dictionary<string, string>
        {
            ["totalspend"] = "1200.50", ["OrderCount"] = "3", ["Tags"] = "vip, east", ["DaysSinceLastPurchase"] = "12", ["IsBadDebt"] = "true",
        }, Now);

        Assert.Equal((1200.50m, 3, true, 12, true), (f.TotalSpend, f.OrderCount, f.HasPurchased, f.DaysSinceLastPurchase, f.IsBadDebt));
        Assert.Equal(["vip", "east"], f.Tags);
        Assert.Equal(400.17m, f.AvgOrderValue);
        Assert.Equal(Now, f.AsOf);
    }

    [Theory]
    [InlineData("TotalSpent", "1", "'TotalSpent' is not a feature")]
    [InlineData("OrderCount", "many", "'OrderCount' = 'many' is not a valid whole number")]
    public void Unknown_names_and_bad_values_are_refused_with_the_name(string name, string value, string expected)
    {
        var ex = Assert.Throws<ClassificationException>(() => FeatureInput.FromValues(new Dictionary<string, string> { [name] = value }, Now));
        Assert.Equal(ClassificationError.InvalidArgument, ex.Error);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_read_case_insensitively_and_unknown_properties_are_refused()
    {
        Assert.Equal(150000m, FeatureInput.FromJson("""{"totalSpend": 150000, "region": "East"}""", Now).TotalSpend);
        var ex = Assert.Throws<ClassificationException>(() => FeatureInput.FromJson("""{"Spend": 1}""", Now));
        Assert.Contains("Spend", ex.Message, StringComparison.Ordinal);
    }
}
