namespace LedgerGrpc.Plugins.Abc;

/// <summary>
/// ABC (Pareto) analysis: ranking customers by spend, A are the customers making the top 80% of revenue, B the next
/// 15%, C the rest (customers without purchases included).
/// </summary>
public sealed class AbcPlugin : ClassifierPlugin
{
    public const string Dimension = "abc";

    public override PluginDeclaration Declare() => new(
        "ABC",
        typeof(AbcPlugin).Assembly.GetName().Version!,
        [
            new DimensionDeclaration(Dimension, "ABC class (Pareto)", new Dictionary<string, string>
            {
                ["A"] = "A: top 80% of revenue",
                ["B"] = "B: next 15% of revenue",
                ["C"] = "C: last 5% of revenue",
            }, "C"),
        ]);

    public override object? Prepare(IEnumerable<ICustomerFeatures> population, CancellationToken cancellationToken) =>
        ParetoThresholds.From(population.Select(c => c.TotalSpend), 0.80m, 0.95m, cancellationToken);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        var thresholds = population as ParetoThresholds ?? ParetoThresholds.None;
        var spend = customer.TotalSpend;
        var segment = spend <= 0 ? "C" : spend >= thresholds.A ? "A" : spend >= thresholds.B ? "B" : "C";
        result.Assign(Dimension, segment, result.WantsReason
            ? $"Spend {spend:0.##}; A from {thresholds.A:0.##} (top 80% of revenue {thresholds.Revenue:0.##}), B from {thresholds.B:0.##}."
            : "");
    }
}
