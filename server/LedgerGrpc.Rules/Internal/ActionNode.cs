using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Internal;

/// <summary>A compiled action: OutputExpression (its delegate or parse error), EvaluateRule (target and input shaping) or a host action.</summary>
internal sealed class ActionNode
{
    public required ActionInfo Info { get; init; }

    public RuntimeTypedOutput? Output { get; init; }

    public string? Error { get; init; }

    public string? WorkflowName { get; init; }

    public string? RuleName { get; init; }

    public IReadOnlyList<string>? InputFilter { get; init; }

    public IReadOnlyList<(string Name, Func<object?[], object?> Evaluate, Type Type)>? AdditionalInputs { get; init; }

    public Func<RuleAction>? Custom { get; init; }

    /// <summary>No action of this name is registered: taking it fails the whole call, as in RulesEngine.</summary>
    public bool Unknown { get; init; }
}
