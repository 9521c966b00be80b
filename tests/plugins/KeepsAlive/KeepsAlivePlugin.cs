using LedgerGrpc.Plugins;

namespace KeepsAlive;

public sealed class KeepsAlivePlugin : ClassifierPlugin
{
    public KeepsAlivePlugin()
    {
        // A strong reference from the default context to an object of this plugin's type: unloading cannot finish.
        AppDomain.CurrentDomain.SetData("KeepsAlive.Instance." + Guid.NewGuid().ToString("N"), this);
    }

    public override PluginDeclaration Declare() => new("KeepsAlive", new Version(1, 0, 0),
        [new DimensionDeclaration("keeps_alive_test", "Keeps alive", new Dictionary<string, string> { ["ok"] = "OK" }, "ok")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) => result.Assign("keeps_alive_test", "ok");
}
