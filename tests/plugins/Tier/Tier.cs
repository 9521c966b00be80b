using LedgerGrpc.Plugins;

namespace Tier;

/// <summary>Version 1 puts every customer who bought in "silver", version 2 in "gold": a reload moves them all.</summary>
public sealed class TierPlugin : ClassifierPlugin
{
#if TIER_V2
    private const string Bought = "gold";
#else
    private const string Bought = "silver";
#endif

    public override PluginDeclaration Declare() => new("Tier", typeof(TierPlugin).Assembly.GetName().Version!,
        [new DimensionDeclaration("tier_test", "Tier", new Dictionary<string, string> { ["silver"] = "Silver", ["gold"] = "Gold", ["none"] = "None" }, "none")])
    {
        ExpressionHelpers = [typeof(TierMath)],
    };

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) =>
        result.Assign("tier_test", customer.HasPurchased ? Bought : "none", $"version {typeof(TierPlugin).Assembly.GetName().Version}");
}

/// <summary>The expression helper workflows call as <c>TierMath.Points(customer)</c>: one point per order in version 1,
/// ten in version 2, so a reload visibly re-binds the workflows that call it.</summary>
public static class TierMath
{
#if TIER_V2
    private const int PointsPerOrder = 10;
#else
    private const int PointsPerOrder = 1;
#endif

    public static int Points(ICustomerFeatures customer) => customer.OrderCount * PointsPerOrder;

    /// <summary>Hands out a file-system object: the expression sandbox refuses any workflow that calls it.</summary>
    public static System.IO.DirectoryInfo Folder() => new(System.IO.Path.GetTempPath());
}
