using LedgerGrpc.Plugins;

namespace Clashes;

public sealed class ClashesPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("Clashes", new Version(1, 0, 0),
        [new DimensionDeclaration("value_tier", "Value tier (plugin)", new Dictionary<string, string> { ["x"] = "X" }, "x")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) => result.Assign("value_tier", "x");
}
