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
        [new DimensionDeclaration("tier_test", "Tier", new Dictionary<string, string> { ["silver"] = "Silver", ["gold"] = "Gold", ["none"] = "None" }, "none")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) =>
        result.Assign("tier_test", customer.HasPurchased ? Bought : "none", $"version {typeof(TierPlugin).Assembly.GetName().Version}");
}
