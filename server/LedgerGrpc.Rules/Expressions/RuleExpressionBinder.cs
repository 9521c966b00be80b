using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions.Internal;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Parses RulesEngine (System.Linq.Dynamic.Core style) expressions and binds them to expression trees.</summary>
public static class RuleExpressionBinder
{
    /// <summary>Parses <paramref name="text"/> and binds it against the named <paramref name="parameters"/>.
    /// Never throws for bad input: syntax and type errors come back as <see cref="ExpressionBindResult.Diagnostics"/>.
    /// Parameters typed <c>IDictionary&lt;string, object?&gt;</c> (JSON inputs) allow any member name; their values are
    /// converted at run time when compared or combined with typed operands.</summary>
    public static ExpressionBindResult Bind(string text, IReadOnlyList<ParameterExpression> parameters, ExpressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var body = new ExpressionParser(text, parameters, options).Parse();
            return new ExpressionBindResult(body, []);
        }
        catch (ExpressionParseException ex)
        {
            return new ExpressionBindResult(null, [new ExpressionDiagnostic(ex.Position + 1, Math.Max(ex.Length, 1), ex.Message)]);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // A combination the parser did not anticipate is still a type error of the expression, not a crash.
            return new ExpressionBindResult(null, [new ExpressionDiagnostic(1, Math.Max(text.Length, 1), ex.Message)]);
        }
    }
}
