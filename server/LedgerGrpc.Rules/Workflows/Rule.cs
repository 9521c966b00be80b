using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerGrpc.Rules.Workflows;

/// <summary>One rule: either a leaf with an <see cref="Expression"/> or, when <see cref="Operator"/> is set,
/// a combination of nested <see cref="Rules"/>.</summary>
public sealed class Rule
{
    public string RuleName { get; set; } = "";

    public string? Expression { get; set; }

    public RuleExpressionType RuleExpressionType { get; set; }

    /// <summary>And, AndAlso, Or or OrElse (exact case, as RulesEngine requires) combining <see cref="Rules"/>.</summary>
    public string? Operator { get; set; }

    public List<Rule>? Rules { get; set; }

    public List<ScopedParam>? LocalParams { get; set; }

    public string? ErrorMessage { get; set; }

    public bool Enabled { get; set; } = true;

    public string? SuccessEvent { get; set; }

    public RuleActions? Actions { get; set; }

    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Obsolete RulesEngine fields (ErrorType, ...) and anything else unknown, preserved but not interpreted.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
