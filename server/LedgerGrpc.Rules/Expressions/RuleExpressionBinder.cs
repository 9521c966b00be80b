using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Reflection;
using LedgerGrpc.Rules.Expressions.Internal;
using DynamicParser = System.Linq.Dynamic.Core.Parser.ExpressionParser;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Parses RulesEngine expressions with System.Linq.Dynamic.Core, configured as RulesEngine configures it, so
/// the language is RulesEngine's; then checks the tree against the sandbox and adds the clock and the resource guards.</summary>
public static partial class RuleExpressionBinder
{
    /// <summary>Parses <paramref name="text"/> against the named <paramref name="parameters"/> (a later parameter with
    /// the same name hides an earlier one). <paramref name="resultType"/> is what RulesEngine asks the parser for: bool
    /// for a rule's expression, null (any type) for params and outputs. Never throws for bad input: syntax, type,
    /// sandbox and limit errors come back as <see cref="ExpressionBindResult.Diagnostics"/>. With an input of unknown
    /// shape (typed <c>IDictionary&lt;string, object?&gt;</c>) an error that depends on its members' types is not
    /// reported: the result then has neither a body nor diagnostics.</summary>
    public static ExpressionBindResult Bind(string text, IReadOnlyList<ParameterExpression> parameters, ExpressionOptions options, Type? resultType = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        if (TextLimits.Check(text) is { } tooBig)
        {
            return new ExpressionBindResult(null, [tooBig]);
        }

        return LargeStack.Run(() => BindChecked(text, parameters, options, resultType));
    }

    private static ExpressionBindResult BindChecked(string text, IReadOnlyList<ParameterExpression> parameters, ExpressionOptions options, Type? resultType)
    {
        var comparer = options.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var visible = parameters.Reverse().DistinctBy(p => p.Name, comparer).Reverse().ToArray();

        // An input typed IDictionary<string, object?> is one whose shape is not known (validation without samples):
        // its members read as object through the indexer, so only errors that do not hinge on their types can be told.
        var untyped = visible.Any(p => p.Type == typeof(IDictionary<string, object?>));
        var (config, sandbox) = ParsingConfigs.Get(untyped ? options with { StrictShapeMembers = false } : options, visible.Select(p => p.Type));
        Expression body;
        try
        {
            body = new DynamicParser(visible, text, [], config).Parse(resultType);
        }
        catch (Exception ex) when (untyped && !IsSyntaxError(ex.Message))
        {
            return new ExpressionBindResult(null, []);
        }
        catch (ParseException) when (options.ParseErrorsAsDefault)
        {
            // RulesEngine's RuleExpressionParser with EnableExceptionAsErrorMessageForRuleExpressionParsing = false.
            return new ExpressionBindResult(resultType == typeof(bool) ? Expression.Constant(false) : Expression.Constant(null), []);
        }
        catch (ParseException ex)
        {
            // Dynamic.Core gives the position of the offending token: underline the whole identifier when it is one.
            var start = ex.Position < 0 ? 0 : Math.Min(ex.Position, text.Length);
            var end = start;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            return Failed(start + 1, end - start, ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or AmbiguousMatchException
            or FormatException or OverflowException or InsufficientExecutionStackException or TargetInvocationException)
        {
            // What the parser's type checks let through and System.Linq.Expressions refuses is still an error in the
            // expression (RulesEngine reports it the same way), not a crash.
            return Failed(1, text.Length, (ex as TargetInvocationException)?.InnerException?.Message ?? ex.Message);
        }

        try
        {
            if (sandbox.Check(body) is { } violation)
            {
                return Failed(1, text.Length, violation);
            }

            return new ExpressionBindResult(ExpressionRewriter.Rewrite(body, options), []);
        }
        catch (InsufficientExecutionStackException)
        {
            return Failed(1, text.Length, "The expression is nested too deeply to check (ExpressionLimits.MaxNestingDepth)");
        }

        // Errors of form, which hold whatever the inputs' members turn out to be (Dynamic.Core's messages).
        static bool IsSyntaxError(string message) =>
            SyntaxErrors().IsMatch(message) && !message.StartsWith("Expression of type", StringComparison.Ordinal);

        static ExpressionBindResult Failed(int column, int length, string message) =>
            new(null, [new ExpressionDiagnostic(column, Math.Max(length, 1), message)]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"expected$|^Syntax error|^Unterminated|^Invalid|^Unknown identifier|^Character literal|^Digit expected|requires|^The expression (is|nests)")]
    private static partial System.Text.RegularExpressions.Regex SyntaxErrors();
}
