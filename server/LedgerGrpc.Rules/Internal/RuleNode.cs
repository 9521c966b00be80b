using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Internal;

/// <summary>One compiled rule: its local params, then either a predicate or children combined by an operator.</summary>
internal sealed class RuleNode
{
    private Func<object?[], ExplainRecorder, bool>? _explainer;
    private Func<object?[], bool>? _predicate;

    public required Rule Rule { get; init; }

    public required string Path { get; init; }

    public required ParamNode[] Locals { get; init; }

    /// <summary>Names visible to the rule (for RuleResultTree.Inputs and error message placeholders).</summary>
    public required ScopeVar[] Visible { get; init; }

    /// <summary>The rule cannot run: the RulesEngine-shaped message (parse error, param compile error, name clash).</summary>
    public string? SetupError { get; set; }

    /// <summary>The setup error is one RulesEngine reports from the rule's own delegate (its expression does not parse),
    /// which IgnoreException silences; compile errors of params and RuleExpressionTypes it keeps.</summary>
    public bool SetupErrorIgnorable { get; set; }

    /// <summary>The predicate alone, compiled on first use: top-level plain leaves normally run fused (see
    /// <see cref="FusedLeaves"/>), so compiling each one separately up front would double compile time.</summary>
    public Func<object?[], bool>? Predicate
    {
        get
        {
            // A race compiles twice and keeps either result: both are the same function.
            if (_predicate is null && Bound is { } bound)
            {
                _predicate = EnvLambda.Compile<bool>(bound.Body, bound.Scope);
            }

            return _predicate;
        }
    }

    /// <summary>The bound predicate body and its scope, kept to build the explaining variant on first use.</summary>
    public (Expression Body, IReadOnlyList<ScopeVar> Scope)? Bound { get; set; }

    /// <summary>A local param of this rule that cannot be compiled ("message, in ScopedParam: name"): fails the top-level
    /// rule it belongs to.</summary>
    public string? ParamError { get; set; }

    /// <summary>A local param of this rule, or of a rule nested in this top-level rule, does not compile: nothing of the
    /// rule runs.</summary>
    public bool ParamsFailed { get; set; }

    /// <summary>A name visible twice in this rule (exactly, e.g. a local param named like an input): RulesEngine's
    /// dictionary of the rule's inputs cannot be built, so the rule fails with that error and has no inputs.</summary>
    public string? DuplicateName { get; set; }

    public RuleNode[]? Children { get; set; }

    /// <summary>True for Or/OrElse, false for And/AndAlso.</summary>
    public bool IsOr { get; set; }

    /// <summary>Nested rules given but the operator not recognised: RulesEngine reports an empty child list.</summary>
    public bool EmptyChildList { get; set; }

    /// <summary>A top-level rule's actions over the inputs alone, for calls where the global params fail (RulesEngine's
    /// rule result then holds the inputs only); null when the workflow has no global params or the rule no actions.</summary>
    public (ActionNode? OnSuccess, ActionNode? OnFailure)? InputsOnlyActions { get; set; }

    /// <summary>For a rule with local params and actions: the names around the rule, and its actions over them, for
    /// calls where a local param throws (RulesEngine's rule result then holds the names the rule was given).</summary>
    public ScopeVar[]? OuterVisible { get; set; }

    public (ActionNode? OnSuccess, ActionNode? OnFailure)? OuterActions { get; set; }

    public (ActionNode? OnSuccess, ActionNode? OnFailure) Actions { get; set; }

    public ActionNode? OnSuccess => Actions.OnSuccess;

    public ActionNode? OnFailure => Actions.OnFailure;

    public Func<object?[], ExplainRecorder, bool>? Explainer
    {
        get
        {
            if (_explainer is null && Bound is { } bound)
            {
                _explainer = Expressions.Internal.LargeStack.Run(() =>
                {
                    var recorder = Expression.Parameter(typeof(ExplainRecorder), "recorder");
                    var body = EnvLambda.WithScope(ExplainInstrumenter.Instrument(bound.Body, recorder), bound.Scope, typeof(bool));
                    return Expression.Lambda<Func<object?[], ExplainRecorder, bool>>(body, EnvLambda.Env, recorder).Compile();
                });
            }

            return _explainer;
        }
    }
}
