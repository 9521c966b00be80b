namespace LedgerGrpc.Rules.Workflows;

/// <summary>What to run after a rule is evaluated, depending on its outcome.</summary>
public sealed class RuleActions
{
    public ActionInfo? OnSuccess { get; set; }

    public ActionInfo? OnFailure { get; set; }
}
