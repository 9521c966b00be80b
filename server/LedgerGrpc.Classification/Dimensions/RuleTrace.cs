namespace LedgerGrpc.Classification.Dimensions;

/// <summary>How one rule evaluated for one customer: its result, any error, and every value its expression read.</summary>
public sealed record RuleTrace(
    string RuleName,
    string Expression,
    bool Success,
    string Error,
    IReadOnlyList<string> Steps,
    IReadOnlyList<RuleTrace> Children);
