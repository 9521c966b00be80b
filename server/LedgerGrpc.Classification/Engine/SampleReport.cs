namespace LedgerGrpc.Classification.Engine;

/// <summary>What a draft workflow did on a sample of the ledger, rule by rule: how often each top-level rule (or its
/// nested rules or action) threw, and what it cost per customer.</summary>
/// <param name="Customers">Customers in the sample (every k-th of the ledger, up to the configured sample size).</param>
/// <param name="BudgetMicros">The configured cost budget for a whole workflow per customer, in microseconds.</param>
public sealed record SampleReport(long Customers, IReadOnlyList<RuleSampleStats> Rules, double BudgetMicros)
{
    public static SampleReport Empty(double budgetMicros) => new(0, [], budgetMicros);

    /// <summary>Mean CPU time of the whole workflow per customer, in microseconds.</summary>
    public double CostMicrosPerCustomer => Rules.Sum(r => r.MeanCostMicros);
}

/// <param name="Evaluated">Sampled customers the rule ran for (fewer than the sample when it went over budget early).</param>
/// <param name="MeanCostMicros">Mean CPU time of the rule per customer, in microseconds.</param>
public sealed record RuleSampleStats(string Rule, long Evaluated, long Errors, string? FirstError, long FirstErrorCustomerId, double MeanCostMicros);
