using LedgerGrpc.Plugins;

namespace WrongContract;

public sealed class WrongContractPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("WrongContract", new Version(1, 0, 0),
        [new DimensionDeclaration("wrong_contract_test", "Wrong contract", new Dictionary<string, string> { ["ok"] = "OK" }, "ok")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) => result.Assign("wrong_contract_test", "ok");
}
