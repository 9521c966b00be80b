using LedgerGrpc.Plugins;

namespace Allocates;

public sealed class AllocatesPlugin : ClassifierPlugin
{
    // Grows without bound: every call keeps what it allocated.
    private static readonly List<byte[]> Kept = [];

    public override PluginDeclaration Declare() => new("Allocates", new Version(1, 0, 0),
        [new DimensionDeclaration("allocates_test", "Allocates", new Dictionary<string, string> { ["ok"] = "OK" }, "ok")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        if (customer.Attributes.TryGetValue("plugin_fault", out var fault) && fault == "allocate")
        {
            lock (Kept)
            {
                for (var i = 0; i < 64; i++) Kept.Add(new byte[1 << 20]);
            }
        }

        result.Assign("allocates_test", "ok");
    }
}
