using CsvHelper;
using LedgerGrpc.Plugins;

namespace OwnCsvHelper;

/// <summary>Reports the CsvHelper major version it runs with as its segment.</summary>
public sealed class OwnCsvHelperPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("OwnCsvHelper", new Version(1, 0, 0),
        [new DimensionDeclaration("csvhelper_test", "CsvHelper version", new Dictionary<string, string> { ["v33"] = "33", ["v34"] = "34", ["other"] = "Other" }, "other")]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        var major = typeof(CsvReader).Assembly.GetName().Version?.Major;
        result.Assign("csvhelper_test", major switch { 33 => "v33", 34 => "v34", _ => "other" }, $"CsvHelper {typeof(CsvReader).Assembly.GetName().Version}");
    }
}
