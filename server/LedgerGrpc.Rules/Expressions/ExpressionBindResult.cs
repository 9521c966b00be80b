using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Outcome of <see cref="RuleExpressionBinder.Bind"/>: a bound tree or the diagnostics explaining why there is none.</summary>
public sealed record ExpressionBindResult(Expression? Body, IReadOnlyList<ExpressionDiagnostic> Diagnostics)
{
    public bool Success => Body is not null && Diagnostics.Count == 0;

    /// <summary>The first diagnostic's message (or why there is no body without one: inputs of unknown shape).</summary>
    public string Error => Diagnostics.Count > 0 ? Diagnostics[0].Message
        : Body is null ? "The expression cannot be checked without the input types" : "";
}
