namespace LedgerGrpc.Plugins.Abc;

/// <summary>Spend from which a customer is in A or B: walking customers from the biggest spender down, A holds every
/// customer who starts before the running total reaches the A share of revenue, B those before the B share.</summary>
public sealed record ParetoThresholds(decimal A, decimal B, decimal Revenue)
{
    /// <summary>No population yet: nobody is A or B.</summary>
    public static ParetoThresholds None { get; } = new(decimal.MaxValue, decimal.MaxValue, 0);

    public static ParetoThresholds From(IEnumerable<decimal> spends, decimal aShare, decimal bShare, CancellationToken ct)
    {
        var positive = new List<decimal>();
        foreach (var s in spends)
        {
            ct.ThrowIfCancellationRequested();
            if (s > 0) positive.Add(s);
        }

        if (positive.Count == 0) return None;
        positive.Sort((x, y) => y.CompareTo(x));
        var revenue = positive.Sum();
        decimal running = 0, a = decimal.MaxValue, b = decimal.MaxValue;
        foreach (var s in positive)
        {
            if (running < aShare * revenue) a = s;
            else if (running < bShare * revenue) b = s;
            else break;
            running += s;
        }

        return new ParetoThresholds(a, Math.Min(a, b), revenue);
    }
}
