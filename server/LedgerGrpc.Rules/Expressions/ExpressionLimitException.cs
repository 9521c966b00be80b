namespace LedgerGrpc.Rules.Expressions;

/// <summary>An expression went over one of the <see cref="ExpressionLimits"/> while it was evaluated; the message names
/// the limit. The rule fails with this message like with any other run-time error.</summary>
public sealed class ExpressionLimitException(string message) : Exception(message);
