using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerGrpc.Rules.Workflows;

/// <summary>A RulesEngine workflow: named rules evaluated against the same inputs, with shared global params.</summary>
public sealed class Workflow
{
    public string WorkflowName { get; set; } = "";

    /// <summary>Names of other registered workflows whose rules are appended after this workflow's own rules.</summary>
    public List<string>? WorkflowsToInject { get; set; }

    public List<ScopedParam>? GlobalParams { get; set; }

    /// <summary>The rules; <c>"Rules": null</c> reads as none (RulesEngine then asks for WorkflowsToInject).</summary>
    public List<Rule> Rules { get; set => field = value ?? []; } = [];

    public RuleExpressionType RuleExpressionType { get; set; }

    /// <summary>Properties this model does not know (obsolete RulesEngine fields, or host settings such as a classification
    /// mode). Kept so that loading and saving a workflow loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
