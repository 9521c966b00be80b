using System.Linq.Expressions;
using System.Text.Json;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Compiles a workflow's rules for given input names and types. Errors never throw here: they become each rule's
/// SetupError with RulesEngine's message shapes, reported when the rule runs (and by validation).</summary>
internal sealed class RuleCompiler
{
    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];
    private readonly WorkflowSettings _settings;
    private readonly ExpressionOptions _options;
    private readonly List<ScopeVar> _inputs;
    private int _slots;

    public RuleCompiler(WorkflowSettings settings, IReadOnlyList<RuleInputType> inputs, bool strictShapeMembers = false)
    {
        _settings = settings;
        _options = new ExpressionOptions(settings.IsExpressionCaseSensitive, settings.CustomTypes, strictShapeMembers, settings.Clock, settings.CustomCallFailed,
            settings.AutoRegisterInputType, !settings.EnableExceptionAsErrorMessageForRuleExpressionParsing && !strictShapeMembers);
        _inputs = [.. inputs.Select((p, i) => new ScopeVar(Expression.Parameter(p.Type, p.Name), i))];
        _slots = inputs.Count;
    }

    public int SlotCount => _slots;

    public IReadOnlyList<ScopeVar> Inputs => _inputs;

    public (ParamNode[] Globals, ScopeVar[] Scope) CompileGlobals(IEnumerable<ScopedParam> globals) =>
        CompileParams(_settings.EnableScopedParams ? globals : [], _inputs);

    /// <summary>Global params under a workflow RuleExpressionType RulesEngine does not support fail every rule.</summary>
    public string? GlobalsFailure(Workflow workflow) =>
        workflow.RuleExpressionType != RuleExpressionType.LambdaExpression && _settings.EnableScopedParams && workflow.GlobalParams is { Count: > 0 }
            ? $"Error while compiling rule `{{rule}}`: {UnsupportedExpressionType}"
            : null;

    /// <summary>RulesEngine's message when a rule (or its params) names a RuleExpressionType other than LambdaExpression.</summary>
    public const string UnsupportedExpressionType = "ruleExpressionType has not been supported yet.";

    public RuleNode CompileRule(Rule rule, string path, IReadOnlyList<ScopeVar> scope, bool topLevel = true)
    {
        var (locals, visible) = CompileParams(_settings.EnableScopedParams ? rule.LocalParams ?? [] : [], scope);
        var node = new RuleNode { Rule = rule, Path = path, Locals = locals, Visible = visible };
        var isNested = rule.Operator is not null && Operators.Contains(rule.Operator, StringComparer.Ordinal);
        var unsupported = rule.RuleExpressionType != RuleExpressionType.LambdaExpression;

        // What RulesEngine fails to compile, in its order: the rule's params (their expression builder first), its
        // children, its own expression's builder. Such a failure anywhere below a top-level rule fails that rule.
        var failure = unsupported && locals.Length > 0 ? UnsupportedExpressionType
            : locals.FirstOrDefault(l => l.CompileError is not null) is { } broken ? $"{broken.CompileError}, in ScopedParam: {broken.Name}"
            : null;
        if (failure is not null)
        {
            node.SetupError = $"Error while compiling rule `{rule.RuleName}`: {failure}";
        }
        else if ((_inputs.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key
            ?? locals.FirstOrDefault(l => scope.Any(v => v.Name == l.Name))?.Name) is { } twice)
        {
            // Two inputs of one name (EvaluateRule's additionalInputs naming an input), or a local param named like an
            // input, a global or an outer local: RulesEngine's rule delegate fails building its Inputs dictionary.
            node.SetupError = $"Error while executing rule : {rule.RuleName} - An item with the same key has already been added. Key: {twice}";
            node.SetupErrorIgnorable = true;
            node.NamesCollide = true;
        }

        if (isNested)
        {
            node.IsOr = rule.Operator is "Or" or "OrElse";
            node.Children = [.. (rule.Rules ?? []).Where(r => r.Enabled).Select(r => CompileRule(r, path + "/" + r.RuleName, visible, topLevel: false))];
            failure ??= node.Children.Select(c => c.CompileFailure).FirstOrDefault(f => f is not null);
        }
        else
        {
            node.EmptyChildList = rule.Rules is not null;
            if (unsupported && failure is null)
            {
                failure = UnsupportedExpressionType;
                node.SetupError = $"Error while compiling rule `{rule.RuleName}`: {failure}";
            }

            if (node.SetupError is null)
            {
                CompilePredicate(node, visible);
            }
        }

        node.CompileFailure = failure;
        if (topLevel && failure is not null)
        {
            // Its children never run (RulesEngine compiles a whole top-level rule or nothing).
            node.SetupError = $"Error while compiling rule `{rule.RuleName}`: {failure}";
            node.SetupErrorIgnorable = false;
            node.NamesCollide = false;
        }

        // With colliding names RulesEngine's actions get no inputs at all.
        ScopeVar[] actionScope = node.NamesCollide ? [] : visible;
        node.OnSuccess = CompileAction(rule.Actions?.OnSuccess, actionScope);
        node.OnFailure = CompileAction(rule.Actions?.OnFailure, actionScope);
        return node;
    }

    private void CompilePredicate(RuleNode node, ScopeVar[] visible)
    {
        var text = node.Rule.Expression;
        if (text is null)
        {
            node.SetupError = "Exception while parsing expression `` - Value cannot be null. (Parameter 'expression')";
            node.SetupErrorIgnorable = true;
            return;
        }

        // RulesEngine asks the parser for a bool: the parser's own promotion and message apply.
        var bound = Bind(text, visible, typeof(bool));
        if (bound.Body is not { } body || bound.Diagnostics.Count > 0)
        {
            node.SetupError = $"Exception while parsing expression `{text}` - {bound.Error}";
            node.SetupErrorIgnorable = true;
            return;
        }

        node.Bound = (body, visible);
    }

    private (ParamNode[] Params, ScopeVar[] Visible) CompileParams(IEnumerable<ScopedParam> parameters, IReadOnlyList<ScopeVar> scope)
    {
        var visible = scope.ToList();
        var nodes = new List<ParamNode>();
        foreach (var p in parameters)
        {
            var bound = Bind(p.Expression, visible);
            var slot = _slots++;
            if (bound.Body is null || bound.Diagnostics.Count > 0)
            {
                nodes.Add(new ParamNode(p.Name, slot, null, bound.Error));
                // Later params still see the name, typed object, so their own errors stay meaningful.
                visible.Add(new ScopeVar(Expression.Parameter(typeof(object), p.Name), slot));
                continue;
            }

            nodes.Add(new ParamNode(p.Name, slot, EnvLambda.Compile<object?>(bound.Body, visible), null));
            visible.Add(new ScopeVar(Expression.Parameter(bound.Body.Type, p.Name), slot));
        }

        return ([.. nodes], [.. visible]);
    }

    /// <summary>Binds an expression against the visible names; <paramref name="resultType"/> bool for rule expressions,
    /// null for params and outputs, as RulesEngine parses them.</summary>
    public ExpressionBindResult Bind(string? text, IReadOnlyList<ScopeVar> visible, Type? resultType = null) =>
        // The innermost declaration of a name wins: the binder keeps the last parameter of a name.
        RuleExpressionBinder.Bind(text ?? "", [.. visible.Select(v => v.Parameter)], _options, resultType);

    private ActionNode? CompileAction(ActionInfo? info, IReadOnlyList<ScopeVar> visible)
    {
        if (info is null)
        {
            return null;
        }

        switch (ActionNames.Builtin(info.Name))
        {
            case "OutputExpression":
            {
                var text = String(info.GetContext("Expression"));
                var bound = Bind(text, visible);
                return bound.Body is null || bound.Diagnostics.Count > 0
                    ? new ActionNode { Info = info, Error = bound.Error }
                    : new ActionNode { Info = info, Output = EnvLambda.Compile<object?>(bound.Body, visible) };
            }

            case "EvaluateRule":
            {
                var additional = new List<(string, Func<object?[], object?>, Type)>();
                string? error = null;
                if (info.GetContext("additionalInputs") is { ValueKind: JsonValueKind.Array } extra)
                {
                    foreach (var item in extra.EnumerateArray())
                    {
                        // RulesEngine reads these as ScopedParams with System.Text.Json's defaults: names case-sensitive.
                        var name = String(Property(item, "Name")) ?? "";
                        var bound = Bind(String(Property(item, "Expression")), visible);
                        if (bound.Body is null || bound.Diagnostics.Count > 0)
                        {
                            error ??= $"additionalInputs '{name}': {bound.Error}";
                            continue;
                        }

                        additional.Add((name, EnvLambda.Compile<object?>(bound.Body, visible), bound.Body.Type));
                    }
                }

                // A filter RulesEngine cannot read as a list of strings filters nothing.
                var filter = info.GetContext("inputFilter") is { ValueKind: JsonValueKind.Array } f
                    && f.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                    ? f.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                    : null;
                return new ActionNode
                {
                    Info = info, Error = error, WorkflowName = String(info.GetContext("workflowName")), RuleName = String(info.GetContext("ruleName")),
                    InputFilter = filter, AdditionalInputs = additional,
                };
            }

            default:
                return ActionNames.Custom(_settings.CustomActions, info.Name) is { } factory
                    ? new ActionNode { Info = info, Custom = factory }
                    : new ActionNode { Info = info, Error = $"Action with name '{info.Name}' does not exist", Unknown = true };
        }
    }

    // RulesEngine's ActionContext keeps a context value's text: a string's value, any other JSON as written (5 is "5").
    private static string? String(JsonElement? e) => e switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { } other => other.ToString(),
    };

    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in obj.EnumerateObject())
        {
            if (p.Name == name)
            {
                return p.Value;
            }
        }

        return null;
    }
}
