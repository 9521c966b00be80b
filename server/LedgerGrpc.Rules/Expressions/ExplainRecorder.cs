namespace LedgerGrpc.Rules.Expressions;

/// <summary>Collects <see cref="ExplainStep"/>s while an instrumented expression runs (see <see cref="ExplainInstrumenter"/>).</summary>
public sealed class ExplainRecorder
{
    private readonly List<ExplainStep> _steps = [];

    public IReadOnlyList<ExplainStep> Steps => _steps;

    /// <summary>Records a value and passes it through, so instrumented trees keep their shape.</summary>
    public T Record<T>(string expressionText, T value)
    {
        _steps.Add(new ExplainStep(expressionText, value));
        return value;
    }

    /// <summary>Records a comparison with both operand values.</summary>
    public bool RecordComparison(string expressionText, string left, object? leftValue, string op, string right, object? rightValue, bool result)
    {
        _steps.Add(new ExplainStep(expressionText, result) { Left = left, LeftValue = leftValue, Operator = op, Right = right, RightValue = rightValue });
        return result;
    }
}
