namespace LedgerGrpc.Classification.Dimensions;

/// <summary>A problem found in a workflow before it is used. Line/column point into the JSON text when known;
/// <see cref="ExpressionColumn"/> points inside the rule's expression.</summary>
public sealed record ClassificationDiagnostic(string RulePath, string Message, int Line = 0, int Column = 0, int ExpressionColumn = 0, bool IsError = true)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"line {Line}, column {Column}: " : "";
        var inExpr = ExpressionColumn > 0 ? $" (expression column {ExpressionColumn})" : "";
        var rule = RulePath.Length > 0 ? $"{RulePath}: " : "";
        return $"{where}{rule}{Message}{inExpr}";
    }
}
