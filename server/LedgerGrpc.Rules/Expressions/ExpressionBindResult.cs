using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Outcome of <see cref="RuleExpressionBinder.Bind"/>: a bound tree or the diagnostics explaining why there is none.</summary>
public sealed record ExpressionBindResult(Expression? Body, IReadOnlyList<ExpressionDiagnostic> Diagnostics)
{
    public bool Success => Body is not null && Diagnostics.Count == 0;
}
