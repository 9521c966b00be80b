using System.Text.Json;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules;

/// <summary>What an action sees: its Context values from the workflow and the result of the rule it follows.</summary>
public sealed class ActionContext(ActionInfo action, RuleResultTree ruleResult)
{
    public ActionInfo Action { get; } = action;

    public RuleResultTree RuleResult { get; } = ruleResult;

    /// <summary>The context value <paramref name="key"/> (case-insensitive) converted to <typeparamref name="T"/>, or default.</summary>
    public T? GetContext<T>(string key) =>
        Action.GetContext(key) is { } element ? element.Deserialize<T>(Workflows.WorkflowJson.Options) : default;
}
