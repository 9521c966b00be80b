namespace LedgerGrpc.Rules;

/// <summary>How nested rules are evaluated: <see cref="All"/> evaluates every child (RulesEngine's default),
/// <see cref="Performance"/> stops at the first child that decides the operator.</summary>
public enum NestedRuleExecutionMode
{
    All,
    Performance,
}
