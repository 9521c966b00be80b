using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules;

/// <summary>The outcome of one rule, shaped like RulesEngine's RuleResultTree.</summary>
public sealed class RuleResultTree
{
    public required Rule Rule { get; init; }

    public bool IsSuccess { get; internal set; }

    /// <summary>Results of nested rules (null for leaf rules).</summary>
    public IReadOnlyList<RuleResultTree>? ChildResults { get; internal set; }

    /// <summary>The inputs and the scoped params visible to the rule, by name.</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; internal set; } = EmptyInputs;

    public string? ExceptionMessage { get; internal set; }

    public ActionResult? ActionResult { get; internal set; }

    /// <summary>Filled by Explain: the value of every member and sub-expression the rule's expression read, in order.</summary>
    public IReadOnlyList<ExplainStep>? Explanation { get; internal set; }

    internal static readonly IReadOnlyDictionary<string, object?> EmptyInputs = new Dictionary<string, object?>();
}
