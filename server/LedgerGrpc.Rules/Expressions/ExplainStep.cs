namespace LedgerGrpc.Rules.Expressions;

/// <summary>One recorded value: the source text of a sub-expression (member access, call, comparison…) and what it
/// evaluated to. Comparisons also carry both operand values, so they read like
/// <c>input1.TotalSpend = 120000 ≥ 100000 → true</c>.</summary>
public sealed record ExplainStep(string ExpressionText, object? Value)
{
    public string? Left { get; init; }

    public object? LeftValue { get; init; }

    public string? Operator { get; init; }

    public string? Right { get; init; }

    public object? RightValue { get; init; }

    public override string ToString()
    {
        if (Operator is null)
        {
            return $"{ExpressionText} = {Expressions.ExpressionText.Value(Value)}";
        }

        return $"{Side(Left, LeftValue)} {Operator} {Side(Right, RightValue)} → {Expressions.ExpressionText.Value(Value)}";

        static string Side(string? text, object? value)
        {
            var shown = Expressions.ExpressionText.Value(value);
            return text is null || text == shown ? shown : $"{text} = {shown}";
        }
    }
}
