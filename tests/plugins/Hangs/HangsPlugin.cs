using LedgerGrpc.Plugins;

namespace Hangs;

public sealed class HangsPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("Hangs", new Version(1, 0, 0),
        [new DimensionDeclaration("hangs_test", "Hangs", new Dictionary<string, string> { ["ok"] = "OK" }, "ok")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        if (customer.Attributes.TryGetValue("plugin_fault", out var fault) && fault == "hang")
        {
            // Blocks forever (a spinning loop would too, but would burn a core for the rest of the test run).
            Thread.Sleep(Timeout.Infinite);
        }

        result.Assign("hangs_test", "ok");
    }
}
