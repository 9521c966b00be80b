using System.Linq.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Builds, for one typed input, a single expression per top-level rule (global and local params as block
/// variables, nested rules as short-circuit And/Or, exceptions and unusable rules as false) so a whole workflow becomes
/// one delegate that allocates nothing.</summary>
internal sealed class FastPathBuilder(RuleCompiler compiler, ParameterExpression input, IReadOnlyList<ParameterExpression> aliases)
{
    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];
    private readonly List<ParameterExpression> _variables = [];

    public IReadOnlyList<ParameterExpression> Variables => _variables;

    /// <summary>Assignments of the global params (null when one cannot be compiled or clashes with the input name).</summary>
    public List<Expression>? Globals(IEnumerable<ScopedParam> globals, bool enabled, out List<ScopeVar> visible)
    {
        // Other names of the same input are locals holding it.
        visible = [new ScopeVar(input, 0), .. aliases.Select((a, i) => new ScopeVar(a, i + 1))];
        _variables.AddRange(aliases);
        var assigns = aliases.Select(a => (Expression)Expression.Assign(a, input)).ToList();
        foreach (var p in enabled ? globals : [])
        {
            if (IsInputName(p.Name) || !TryParam(p, visible, assigns))
            {
                return null;
            }
        }

        return assigns;
    }

    private bool _paramFailed;

    /// <summary>A top-level rule: false when a local param anywhere in its tree cannot be compiled (the full evaluation
    /// then fails the whole top-level rule, as RulesEngine does).</summary>
    public Expression Rule(Rule rule, List<ScopeVar> scope, bool scopedParams)
    {
        _paramFailed = false;
        var body = RuleCore(rule, scope, scopedParams);
        return _paramFailed ? Expression.Constant(false) : body;
    }

    private Expression RuleCore(Rule rule, List<ScopeVar> scope, bool scopedParams)
    {
        if (Locals(rule, scope, scopedParams) is not { } locals)
        {
            return Expression.Constant(false);
        }

        var (assigns, visible) = locals;

        Expression body;
        if (rule.Operator is not null && Operators.Contains(rule.Operator, StringComparer.Ordinal))
        {
            var children = (rule.Rules ?? []).Where(r => r.Enabled).Select(r => RuleCore(r, visible, scopedParams)).ToList();
            var isOr = rule.Operator is "Or" or "OrElse";
            body = children.Count == 0
                ? Expression.Constant(false)
                : children.Aggregate((a, b) => isOr ? Expression.OrElse(a, b) : Expression.AndAlso(a, b));
        }
        else
        {
            var bound = compiler.Bind(rule.Expression, visible, typeof(bool));
            if (rule.Expression is null || bound.Body is not { } condition || bound.Diagnostics.Count > 0)
            {
                return Expression.Constant(false);
            }

            body = condition;
        }

        // A rule whose expression or local params throw did not succeed, exactly as in the full evaluation (where a
        // nested rule's failing local param fails only that rule, so the guard covers the params too).
        return Expression.TryCatch(
            assigns.Count == 0 ? body : Expression.Block(typeof(bool), [.. assigns, body]),
            Expression.Catch(typeof(Exception), Expression.Constant(false)));
    }

    /// <summary>The value of the rule's OnSuccess OutputExpression action, boxed, with the rule's local params in scope;
    /// null when it has none or it cannot be bound. The caller guards it against exceptions.</summary>
    public Expression? Output(Rule rule, List<ScopeVar> scope, bool scopedParams)
    {
        if (rule.Actions?.OnSuccess is not { Name: "OutputExpression" } action
            || action.GetContext("Expression") is not { ValueKind: System.Text.Json.JsonValueKind.String } text
            || Locals(rule, scope, scopedParams) is not { } locals)
        {
            return null;
        }

        var (assigns, visible) = locals;
        var bound = compiler.Bind(text.GetString(), visible);
        return bound.Body is null || bound.Diagnostics.Count > 0
            ? null
            : Expression.Block(typeof(object), [.. assigns, Expression.Convert(bound.Body, typeof(object))]);
    }

    // The rule's local params as assignments, and the names visible inside the rule; null when one cannot be compiled.
    private (List<Expression> Assigns, List<ScopeVar> Visible)? Locals(Rule rule, List<ScopeVar> scope, bool scopedParams)
    {
        var visible = scope.ToList();
        var assigns = new List<Expression>();
        foreach (var p in scopedParams ? rule.LocalParams ?? [] : [])
        {
            if (IsInputName(p.Name))
            {
                return null;
            }

            if (!TryParam(p, visible, assigns))
            {
                _paramFailed = true;
                return null;
            }
        }

        return (assigns, visible);
    }

    private bool IsInputName(string name) => name == input.Name || aliases.Any(a => a.Name == name);

    private bool TryParam(ScopedParam p, List<ScopeVar> visible, List<Expression> assigns)
    {
        var bound = compiler.Bind(p.Expression, visible);
        if (bound.Body is null || bound.Diagnostics.Count > 0)
        {
            return false;
        }

        var variable = Expression.Variable(bound.Body.Type, p.Name);
        _variables.Add(variable);
        assigns.Add(Expression.Assign(variable, bound.Body));
        visible.Add(new ScopeVar(variable, -1));
        return true;
    }
}
