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

    /// <summary>RulesEngine's message when a rule (or its params) names a RuleExpressionType other than LambdaExpression.</summary>
    public const string UnsupportedExpressionType = "ruleExpressionType has not been supported yet.";

    /// <summary>Global params under a workflow RuleExpressionType RulesEngine does not support fail every rule.</summary>
    public string? GlobalsFailure(Workflow workflow) =>
        workflow.RuleExpressionType != RuleExpressionType.LambdaExpression && _settings.EnableScopedParams && workflow.GlobalParams is { Count: > 0 }
            ? $"Error while compiling rule `{{rule}}`: {UnsupportedExpressionType}"
            : null;

    /// <summary>A top-level rule. As in RulesEngine, a local param that cannot be compiled anywhere in the rule's tree
    /// (the rule's own or a nested rule's) fails the whole top-level rule, without children: RulesEngine compiles a
    /// rule's tree in one go and reports the first such error on the rule it was compiling.</summary>
    public RuleNode CompileRule(Rule rule, string path, IReadOnlyList<ScopeVar> scope)
    {
        var node = CompileNode(rule, path, scope);
        if (scope.Count > _inputs.Count && rule.Actions is not null)
        {
            // With global params, a call where they fail runs the rule's action with the inputs alone.
            node.InputsOnlyActions = CompileActions(rule, _inputs);
        }

        if (FirstParamError(node) is not { } broken)
        {
            return node;
        }

        // Nothing of the rule runs; its action sees the inputs and global params only, as RulesEngine's error result has them.
        return new RuleNode
        {
            Rule = rule, Path = path, Locals = [], Visible = [.. scope], ParamsFailed = true,
            SetupError = $"Error while compiling rule `{rule.RuleName}`: {broken}",
            Actions = CompileActions(rule, scope), InputsOnlyActions = node.InputsOnlyActions,
        };
    }

    private static string? FirstParamError(RuleNode node) =>
        node.ParamError ?? node.Children?.Select(FirstParamError).FirstOrDefault(e => e is not null);

    private RuleNode CompileNode(Rule rule, string path, IReadOnlyList<ScopeVar> scope)
    {
        var (locals, visible) = CompileParams(_settings.EnableScopedParams ? rule.LocalParams ?? [] : [], scope);
        var node = new RuleNode { Rule = rule, Path = path, Locals = locals, Visible = visible };
        var isNested = rule.Operator is not null && Operators.Contains(rule.Operator, StringComparer.Ordinal);
        // RulesEngine builds a rule's params with the expression builder of the rule's RuleExpressionType, and only
        // LambdaExpression has one: another type fails the params (or, for a leaf, the rule itself) like a param error.
        var unsupported = rule.RuleExpressionType != RuleExpressionType.LambdaExpression;
        node.ParamError = unsupported && locals.Length > 0 ? UnsupportedExpressionType
            : locals.FirstOrDefault(l => l.CompileError is not null) is { } broken ? $"{broken.CompileError}, in ScopedParam: {broken.Name}"
            : unsupported && !isNested ? UnsupportedExpressionType
            : null;
        if (node.ParamError is not null)
        {
            node.ParamsFailed = true;
            node.SetupError = $"Error while compiling rule `{rule.RuleName}`: {node.ParamError}";
        }

        // RulesEngine hands a rule its names as a dictionary: the same name twice (a local param named like an input,
        // a global or an outer rule's local) fails the rule, and it then has no inputs at all (see RuleNode.DuplicateName).
        node.DuplicateName = FirstDuplicate(visible, StringComparer.Ordinal);

        if (isNested)
        {
            node.IsOr = rule.Operator is "Or" or "OrElse";
            node.Children = [.. (rule.Rules ?? []).Where(r => r.Enabled).Select(r => CompileNode(r, path + "/" + r.RuleName, visible))];
        }
        else
        {
            node.EmptyChildList = rule.Rules is not null;
            if (node.SetupError is null)
            {
                CompilePredicate(node, visible);
            }
        }

        node.Actions = CompileActions(rule, node.DuplicateName is null ? visible : []);
        if (locals.Length > 0 && rule.Actions is not null)
        {
            // When a local param throws, the rule's action sees the names around the rule, not its params.
            node.OuterVisible = [.. scope];
            node.OuterActions = CompileActions(rule, scope);
        }

        return node;
    }

    private (ActionNode? OnSuccess, ActionNode? OnFailure) CompileActions(Rule rule, IReadOnlyList<ScopeVar> scope) =>
        (CompileAction(rule.Actions?.OnSuccess, scope), CompileAction(rule.Actions?.OnFailure, scope));

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
                nodes.Add(new ParamNode(p.Name, slot, null, p.Expression is null ? "Value cannot be null. (Parameter 'expression')" : bound.Error));
                // Later params still see the name, typed object, so their own errors stay meaningful.
                visible.Add(new ScopeVar(Expression.Parameter(typeof(object), p.Name), slot));
                continue;
            }

            nodes.Add(new ParamNode(p.Name, slot, EnvLambda.Compile<object?>(bound.Body, visible), null));
            visible.Add(new ScopeVar(Expression.Parameter(bound.Body.Type, p.Name), slot));
        }

        return ([.. nodes], [.. visible]);
    }

    /// <summary>The first name declared twice (the later declaration's spelling), as Dynamic.Core and a dictionary find it.</summary>
    private static string? FirstDuplicate(IReadOnlyList<ScopeVar> visible, StringComparer comparer)
    {
        var seen = new HashSet<string>(comparer);
        return visible.Select(v => v.Name).FirstOrDefault(name => !seen.Add(name));
    }

    /// <summary>Binds an expression against the visible names; <paramref name="resultType"/> bool for rule expressions,
    /// null for params and outputs, as RulesEngine parses them.</summary>
    public ExpressionBindResult Bind(string? text, IReadOnlyList<ScopeVar> visible, Type? resultType = null)
    {
        // Dynamic.Core refuses a parameter list that names one thing twice (in the parser's case sensitivity), after
        // checking the text is not empty: RulesEngine's parameter lists (inputs, globals, outer locals, own locals) can.
        if (!string.IsNullOrEmpty(text)
            && FirstDuplicate(visible, _settings.IsExpressionCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase) is { } twice)
        {
            return new ExpressionBindResult(null, [new ExpressionDiagnostic(1, text.Length, $"The identifier '{twice}' was defined more than once")]);
        }

        return RuleExpressionBinder.Bind(text ?? "", [.. visible.Select(v => v.Parameter)], _options, resultType);
    }

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
                return string.IsNullOrEmpty(text)
                    ? new ActionNode { Info = info, Error = bound.Error }
                    : new ActionNode { Info = info, Output = new RuntimeTypedOutput(this, text, visible, bound.Diagnostics.Count > 0 ? null : bound.Body, bound.Error) };
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
