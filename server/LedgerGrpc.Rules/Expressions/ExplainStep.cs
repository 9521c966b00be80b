namespace LedgerGrpc.Rules.Expressions;

/// <summary>One recorded value: the source text of a sub-expression (member access, call, comparison…) and what it evaluated to.</summary>
public sealed record ExplainStep(string ExpressionText, object? Value)
{
    public override string ToString() => $"{ExpressionText} = {Value ?? "null"}";
}
