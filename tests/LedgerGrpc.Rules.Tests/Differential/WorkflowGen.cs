using System.Text.Json.Nodes;
using CsCheck;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>A generated rules-compat case and, per top-level rule, every construct it (with the global params) uses.</summary>
public sealed record GenCase(JsonObject Case, IReadOnlyDictionary<string, IReadOnlySet<string>> RuleFeatures)
{
    /// <summary>The features of a top-level rule for one input set: its constructs, plus <c>json-null-member</c> or
    /// <c>json-empty-list</c> when its text (or the global params') reads a member that is null or an empty list in that
    /// input (RulesEngine then types it object or List&lt;object&gt;, which changes what parses).</summary>
    public IReadOnlySet<string> FeaturesFor(string? rule, int input)
    {
        var workflow = Case["workflow"]!;
        var text = (workflow["GlobalParams"]?.ToJsonString() ?? "") + (rule is null
            ? workflow["Rules"]!.ToJsonString()
            : ((JsonArray)workflow["Rules"]!).First(r => (string?)r!["RuleName"] == rule)!.ToJsonString());
        var features = new HashSet<string>(rule is null ? RuleFeatures.Values.SelectMany(f => f) : RuleFeatures[rule], StringComparer.Ordinal);
        foreach (var (path, kind) in NullPaths(Case["inputs"]![input]!, ""))
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(text, System.Text.RegularExpressions.Regex.Escape(path) + "(?![A-Za-z0-9_])"))
            {
                features.Add(kind);
            }
        }

        return features;
    }

    private static IEnumerable<(string Path, string Kind)> NullPaths(JsonNode node, string prefix)
    {
        foreach (var (name, value) in node.AsObject())
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            switch (value)
            {
                case null:
                    yield return (path, "json-null-member");
                    break;
                case JsonArray { Count: 0 }:
                    yield return (path, "json-empty-list");
                    break;
                case JsonObject:
                    foreach (var inner in NullPaths(value, path))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    public override string ToString() => Case.ToJsonString();
}

/// <summary>Generates workflows in RulesEngine's format: leaf and nested rules (And/Or/AndAlso/OrElse), LocalParams
/// and GlobalParams, OutputExpression actions on success and failure, success events, ErrorMessages with placeholders,
/// evaluated against two or three generated input sets.</summary>
public static class WorkflowGen
{
    private sealed record GenRule(JsonObject Json, HashSet<string> Features);

    public static Gen<GenCase> Cases { get; } =
        from globals in Gen.Frequency((7, Gen.Const<(string, ExprType, GenExpr)[]>([])), (3, Param("gp1", []).Array[1, 1]))
        let scope = globals.Select(g => (g.Item1, g.Item2)).ToArray()
        // Now and then more than 32 rules, so the full result tree's fused delegates come in two chunks.
        from count in Gen.Frequency((30, Gen.Int[1, 4]), (1, Gen.Int[33, 36]))
        from rules in Rule(scope).Array[count, count]
        from inputs in InputGen.Inputs.Array[3, 4]
        from performance in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from caseSensitive in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
        select Build(globals, rules, inputs, performance, caseSensitive);

    private static GenCase Build((string Name, ExprType Type, GenExpr Expr)[] globals, GenRule[] rules, JsonObject[] inputs, bool performance, bool caseSensitive)
    {
        var workflow = new JsonObject { ["WorkflowName"] = "Diff" };
        var globalFeatures = new HashSet<string>(StringComparer.Ordinal);
        if (globals.Length > 0)
        {
            workflow["GlobalParams"] = new JsonArray([.. globals.Select(g => (JsonNode)new JsonObject { ["Name"] = g.Name, ["Expression"] = g.Expr.Text })]);
            globalFeatures.Add("GlobalParams");
            foreach (var g in globals)
            {
                globalFeatures.UnionWith(g.Expr.Features);
            }
        }

        var features = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var array = new JsonArray();
        for (var i = 0; i < rules.Length; i++)
        {
            var name = $"R{i}";
            rules[i].Json["RuleName"] = name;
            NameChildren(rules[i].Json, name);

            array.Add(rules[i].Json);
            features[name] = new HashSet<string>(rules[i].Features.Concat(globalFeatures), StringComparer.Ordinal);
        }

        workflow["Rules"] = array;
        var generated = new JsonObject { ["workflow"] = workflow };
        var settings = new JsonObject();
        if (performance)
        {
            settings["NestedRuleExecutionMode"] = "Performance";
        }

        if (caseSensitive)
        {
            settings["IsExpressionCaseSensitive"] = true;
        }

        if (settings.Count > 0)
        {
            generated["settings"] = settings;
            foreach (var f in features.Values)
            {
                ((HashSet<string>)f).UnionWith(settings.Select(p => $"setting:{p.Key}"));
            }
        }

        generated["inputs"] = new JsonArray([.. inputs]);
        return new GenCase(generated, features);
    }

    private static void NameChildren(JsonNode rule, string name)
    {
        foreach (var (child, c) in (rule["Rules"] as JsonArray ?? []).Select((c, c2) => (c!, c2)))
        {
            child["RuleName"] = $"{name}_{c}";
            NameChildren(child, $"{name}_{c}");
        }
    }

    private static Gen<(string Name, ExprType Type, GenExpr Expr)> Param(string name, (string, ExprType)[] scope) =>
        ExpressionGen.Any(1, scope).Select(p => (name, p.Type, p.Expr));

    private static Gen<GenRule> Rule((string, ExprType)[] globals) => Rule(globals, 2, "lp1");

    // depth: how many levels of nested rules may still follow; prefix: the name of this rule's first local param.
    private static Gen<GenRule> Rule((string Name, ExprType Type)[] outer, int depth, string local) =>
        from locals in Locals(outer, local)
        let scope = outer.Concat(locals.Select(l => (l.Item1, l.Item2))).ToArray()
        from nested in depth == 0 ? Gen.Const(false) : Gen.Frequency((7, Gen.Const(false)), (3, Gen.Const(true)))
        from body in nested ? Nested(scope, depth - 1, local + "c") : ExpressionGen.Of(ExprType.Bool, 2, scope).Select(e => ((JsonObject, IReadOnlySet<string>))(new JsonObject { ["Expression"] = e.Text }, e.Features))
        from onSuccess in Gen.Frequency((5, Gen.Const((GenExpr?)null)), (5, ExpressionGen.Any(1, scope).Select(a => (GenExpr?)a.Expr)))
        from onFailure in Gen.Frequency((8, Gen.Const((GenExpr?)null)), (2, ExpressionGen.Any(1, scope).Select(a => (GenExpr?)a.Expr)))
        from successEvent in Gen.Bool
        from errorMessage in Gen.Frequency((6, Gen.Const((string?)null)), (4, ErrorMessageGen.Of(scope)))
        select Assemble(body.Item1, body.Item2, locals, onSuccess, onFailure, successEvent, errorMessage);

    // Usually none or one; sometimes a second one reading the first, and now and then one named like a name already in
    // scope (an input or a global, in the same or another case), which RulesEngine refuses in its own ways.
    private static Gen<(string Name, ExprType Type, GenExpr Expr)[]> Locals((string Name, ExprType Type)[] outer, string name) =>
        Gen.Frequency(
            (12, Gen.Const<(string, ExprType, GenExpr)[]>([])),
            (7, Param(name, outer).Array[1, 1]),
            (2, Param(name, outer).SelectMany(first => Param(name + "b", [.. outer, (first.Name, first.Type)]).Select(second => new[] { first, second }))),
            (1, Gen.OneOf([.. outer.Select(o => o.Name), "input1", "Input2", "GP1"]).SelectMany(clash => Param(clash, outer)
                .Select(p => new[] { (p.Name, p.Type, GenExpr.Of("LocalParams:name-clash", x => x[0], p.Expr)) }))));

    private static Gen<(JsonObject Json, IReadOnlySet<string> Features)> Nested((string Name, ExprType Type)[] scope, int depth, string local) =>
        from op in Gen.OneOf("And", "Or", "AndAlso", "OrElse")
        from children in Gen.OneOf(
            ExpressionGen.Of(ExprType.Bool, 1, scope).Select(c => new GenRule(new JsonObject { ["RuleName"] = "", ["Expression"] = c.Text }, [.. c.Features])),
            Rule(scope, depth, local)).Array[1, 3]
        select ((JsonObject Json, IReadOnlySet<string> Features))(
            new JsonObject { ["Operator"] = op, ["Rules"] = new JsonArray([.. children.Select(c => (JsonNode)c.Json)]) },
            new HashSet<string>(children.SelectMany(c => c.Features).Append("nested:" + op), StringComparer.Ordinal));

    private static GenRule Assemble(JsonObject rule, IReadOnlySet<string> bodyFeatures, (string Name, ExprType Type, GenExpr Expr)[] locals,
        GenExpr? onSuccess, GenExpr? onFailure, bool successEvent, string? errorMessage)
    {
        var features = new HashSet<string>(bodyFeatures, StringComparer.Ordinal);
        var json = new JsonObject { ["RuleName"] = "" };
        if (locals.Length > 0)
        {
            json["LocalParams"] = new JsonArray([.. locals.Select(l => (JsonNode)new JsonObject { ["Name"] = l.Name, ["Expression"] = l.Expr.Text })]);
            features.Add("LocalParams");
            features.UnionWith(locals.SelectMany(l => l.Expr.Features));
        }

        foreach (var (key, value) in rule.ToArray())
        {
            rule.Remove(key);
            json[key] = value;
        }

        var actions = new JsonObject();
        foreach (var (when, expr) in new[] { ("OnSuccess", onSuccess), ("OnFailure", onFailure) })
        {
            if (expr is null)
            {
                continue;
            }

            actions[when] = new JsonObject { ["Name"] = "OutputExpression", ["Context"] = new JsonObject { ["Expression"] = expr.Text } };
            features.Add("OutputExpression");
            features.UnionWith(expr.Features);
        }

        if (actions.Count > 0)
        {
            json["Actions"] = actions;
        }

        if (successEvent)
        {
            json["SuccessEvent"] = "passed";
        }

        if (errorMessage is not null)
        {
            json["ErrorMessage"] = errorMessage;
            features.Add("ErrorMessage");
        }

        return new GenRule(json, features);
    }
}
