namespace LedgerGrpc.Rules.Validation;

/// <summary>One problem in a workflow file. <see cref="RulePath"/> is "Workflow/Rule/Child"; <see cref="Field"/> names what
/// is wrong (Expression, LocalParams[x], Actions.OnSuccess, ...); <see cref="Line"/>/<see cref="Column"/> locate it in the
/// JSON text (1-based, when known) and <see cref="ExpressionColumn"/> inside the expression text.</summary>
public sealed record WorkflowDiagnostic(
    DiagnosticSeverity Severity,
    string Message,
    string? RulePath = null,
    string? Field = null,
    int? Line = null,
    int? Column = null,
    int? ExpressionColumn = null,
    int? ExpressionLength = null)
{
    public override string ToString()
    {
        var where = Line is { } line ? $"{line}:{Column}: " : "";
        var what = RulePath is null ? "" : Field is null ? $"{RulePath}: " : $"{RulePath} {Field}: ";
        var col = ExpressionColumn is { } c ? $" (expression column {c})" : "";
        return $"{where}{Severity.ToString().ToLowerInvariant()}: {what}{Message}{col}";
    }
}
