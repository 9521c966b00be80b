namespace LedgerGrpc.Plugins.ChurnRisk;

/// <summary>
/// Churn risk from the customer's own rhythm: days since the last purchase against the customer's median interval
/// between purchases. Up to 1.5 intervals is low, up to 3 medium, beyond that high.
/// </summary>
public sealed class ChurnRiskPlugin : ClassifierPlugin
{
    public const string Dimension = "churn_risk";
    public const double MediumFrom = 1.5;
    public const double HighFrom = 3.0;

    public override PluginDeclaration Declare() => new(
        "Churn risk",
        typeof(ChurnRiskPlugin).Assembly.GetName().Version!,
        [
            new DimensionDeclaration(Dimension, "Churn risk", new Dictionary<string, string>
            {
                ["low"] = "Low",
                ["medium"] = "Medium",
                ["high"] = "High",
                ["unknown"] = "Not enough history",
            }, "unknown"),
        ]);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        if (customer.MedianDaysBetweenOrders is not { } interval || customer.DaysSinceLastPurchase is not { } days)
        {
            result.Assign(Dimension, "unknown", "Fewer than two orders: no usual interval to compare with.");
            return;
        }

        // A customer who buys several times a day still has a rhythm of about a day.
        var ratio = days / Math.Max(1.0, interval);
        var segment = ratio <= MediumFrom ? "low" : ratio <= HighFrom ? "medium" : "high";
        result.Assign(Dimension, segment, result.WantsReason
            ? $"{days} days since the last order against a usual {interval:0.#} days between orders ({ratio:0.#}x)."
            : "");
    }
}
