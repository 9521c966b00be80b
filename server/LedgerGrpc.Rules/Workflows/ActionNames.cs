namespace LedgerGrpc.Rules.Workflows;

/// <summary>Action names are looked up ignoring case, as RulesEngine's action registry does (OrdinalIgnoreCase):
/// <c>outputexpression</c> is OutputExpression there.</summary>
public static class ActionNames
{
    public const string OutputExpression = "OutputExpression";
    public const string EvaluateRule = "EvaluateRule";

    /// <summary>The built-in action's own spelling for <paramref name="name"/> in any case, else the name as given.</summary>
    public static string Builtin(string name) =>
        name.Equals(OutputExpression, StringComparison.OrdinalIgnoreCase) ? OutputExpression
        : name.Equals(EvaluateRule, StringComparison.OrdinalIgnoreCase) ? EvaluateRule
        : name;

    /// <summary>The host action registered under <paramref name="name"/> in any case.</summary>
    public static Func<RuleAction>? Custom(IReadOnlyDictionary<string, Func<RuleAction>> actions, string name) =>
        actions.TryGetValue(name, out var exact)
            ? exact
            : actions.FirstOrDefault(a => a.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
