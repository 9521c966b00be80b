using System.Text.RegularExpressions;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>How one rule evaluated for one customer: its result, any error, and every value its expression read.</summary>
public sealed partial record RuleTrace(
    string RuleName,
    string Expression,
    bool Success,
    string Error,
    IReadOnlyList<string> Steps,
    IReadOnlyList<RuleTrace> Children)
{
    private static readonly string[] InputNames = ["customer", "input1"];

    /// <summary>The trace of an explained rule: leaves list the scoped params their expression names, with their values,
    /// then every value the expression read; nested rules show their operator and their children.</summary>
    internal static RuleTrace From(RuleResultTree result)
    {
        var rule = result.Rule;
        if (rule.Operator is not null && result.ChildResults is { } children)
        {
            var count = (rule.Rules ?? []).Count(r => r.Enabled);
            return new RuleTrace(rule.RuleName, $"{rule.Operator} of {count} rules", result.IsSuccess, result.ExceptionMessage ?? "", [], [.. children.Select(From)]);
        }

        var expression = rule.Expression ?? "";
        var used = Identifier().Matches(expression).Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] steps =
        [
            .. result.Inputs.Reverse().DistinctBy(p => p.Key).Reverse() // an inner param hides an outer one of the same name
                .Where(p => !InputNames.Contains(p.Key, StringComparer.OrdinalIgnoreCase) && used.Contains(p.Key))
                .Select(p => $"{p.Key} = {ExpressionText.Value(p.Value)}"),
            .. (result.Explanation ?? []).Select(s => s.ToString()),
        ];
        return new RuleTrace(rule.RuleName, expression, result.IsSuccess, result.ExceptionMessage ?? "", steps, []);
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}
