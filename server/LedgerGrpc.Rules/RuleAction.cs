namespace LedgerGrpc.Rules;

/// <summary>A host action (registered in <see cref="WorkflowSettings.CustomActions"/>): runs after a rule with the action's
/// context and the inputs; its return value becomes the rule's action output.</summary>
public abstract class RuleAction
{
    public abstract object? Run(ActionContext context, IReadOnlyList<RuleParameter> inputs);
}
