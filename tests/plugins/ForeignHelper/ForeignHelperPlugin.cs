using LedgerGrpc.Plugins;

namespace ForeignHelper;

/// <summary>Tries to open System.IO.File to workflows as an expression helper.</summary>
public sealed class ForeignHelperPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("ForeignHelper", new Version(1, 0, 0),
        [new DimensionDeclaration("foreign_test", "Foreign", new Dictionary<string, string> { ["x"] = "X" }, "x")])
    {
        ExpressionHelpers = [typeof(System.IO.File)],
    };

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) => result.Assign("foreign_test", "x");
}
