namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Internal control flow for the parser; converted to an <see cref="ExpressionDiagnostic"/> by the binder.</summary>
internal sealed class ExpressionParseException(string message, int position, int length) : Exception(message)
{
    public int Position { get; } = position;

    public int Length { get; } = length;
}
