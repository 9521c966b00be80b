namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>The static types the expression generator builds values of.</summary>
public enum ExprType
{
    Int,
    Long,
    Double,
    Decimal,
    Bool,
    String,
    Date,
    Span,
}
