namespace LedgerGrpc.Plugins.Rfm;

/// <summary>
/// RFM segmentation: recency, frequency and monetary value scored 1-5 by quintile over every customer who has bought,
/// then the usual named segments from the recency score and the frequency-monetary score.
/// </summary>
public sealed class RfmPlugin : ClassifierPlugin
{
    public const string Dimension = "rfm";

    private static readonly Dictionary<string, string> Segments = new()
    {
        ["champions"] = "Champions",
        ["loyal"] = "Loyal",
        ["potential_loyalist"] = "Potential loyalist",
        ["new"] = "New",
        ["promising"] = "Promising",
        ["need_attention"] = "Need attention",
        ["about_to_sleep"] = "About to sleep",
        ["at_risk"] = "At risk",
        ["cant_lose"] = "Can't lose",
        ["hibernating"] = "Hibernating",
        ["lost"] = "Lost",
        ["no_purchases"] = "No purchases",
    };

    public override PluginDeclaration Declare() => new(
        "RFM",
        typeof(RfmPlugin).Assembly.GetName().Version!,
        [new DimensionDeclaration(Dimension, "RFM segment", Segments, "no_purchases")]);

    public override object? Prepare(IEnumerable<ICustomerFeatures> population, CancellationToken cancellationToken) =>
        RfmQuintiles.From(population, cancellationToken);

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
    {
        if (population is not RfmQuintiles quintiles || !customer.HasPurchased || customer.DaysSinceLastPurchase is not { } days)
        {
            result.Assign(Dimension, "no_purchases", "Has not bought yet.");
            return;
        }

        var (r, f, m) = quintiles.Score(days, customer.OrderCount, customer.TotalSpend);
        var segment = SegmentOf(r, (f + m + 1) / 2);
        result.Assign(Dimension, segment, result.WantsReason
            ? $"R{r} F{f} M{m}: last bought {days} days ago, {customer.OrderCount} orders, {customer.TotalSpend:0.##} spent (quintiles over {quintiles.Customers} buying customers)."
            : "");
    }

    /// <summary>The customary RFM grid on recency (r) and frequency-monetary (fm) scores, 1-5 each.</summary>
    public static string SegmentOf(int r, int fm) => (r, fm) switch
    {
        (1, 1) => "lost",
        (<= 2, <= 2) => "hibernating",
        (1, 5) => "cant_lose",
        (<= 2, _) => "at_risk",
        (3, <= 2) => "about_to_sleep",
        (3, 3) => "need_attention",
        (5, 1) => "new",
        (4, 1) => "promising",
        (>= 4, <= 3) => "potential_loyalist",
        (5, >= 4) => "champions",
        _ => "loyal",
    };
}
