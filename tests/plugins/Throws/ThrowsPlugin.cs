using LedgerGrpc.Plugins;

namespace Throws;

public sealed class ThrowsPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("Throws", new Version(1, 0, 0),
        [new DimensionDeclaration("throws_test", "Throws", new Dictionary<string, string> { ["ok"] = "OK", ["fallback"] = "Fallback" }, "fallback")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        if (customer.Attributes.TryGetValue("plugin_fault", out var fault) && fault == "throw")
        {
            throw new InvalidOperationException($"cannot classify customer {customer.CustomerId}");
        }

        result.Assign("throws_test", "ok", "not asked to throw");
    }
}
