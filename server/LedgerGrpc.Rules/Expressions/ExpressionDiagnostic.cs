namespace LedgerGrpc.Rules.Expressions;

/// <summary>A syntax or type error in an expression; <paramref name="Column"/> is 1-based within the expression text.</summary>
public sealed record ExpressionDiagnostic(int Column, int Length, string Message);
