using System.Linq.Expressions;
using System.Text.Json;
using System.Text.RegularExpressions;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Internal;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Validation;

/// <summary>Finds every problem in workflows before they are used: JSON errors, missing and duplicate names, bad
/// operators and nesting, expression syntax and type errors (with the column inside the expression and the rule path),
/// scoped param problems, unknown actions, workflows and placeholders. Unlike RulesEngine, an unknown member of a JSON
/// input is an error here, since RulesEngine would silently read null.</summary>
public static partial class WorkflowValidator
{
    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];
    private static readonly string[] BuiltinActions = ["OutputExpression", "EvaluateRule"];

    /// <summary>Validates workflow JSON. <paramref name="inputs"/> are the input names and types the workflow will run
    /// with; without them inputs input1..input9 are assumed untyped, so only syntax and names are checked.
    /// <paramref name="knownWorkflows"/> are other workflows that injections and EvaluateRule actions may refer to.</summary>
    public static WorkflowValidationResult Validate(string json, IReadOnlyList<RuleInputType>? inputs = null, WorkflowSettings? settings = null, IEnumerable<Workflow>? knownWorkflows = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        IReadOnlyList<Workflow> workflows;
        try
        {
            workflows = WorkflowJson.Parse(json);
        }
        catch (WorkflowJsonException ex)
        {
            return new([], [new WorkflowDiagnostic(DiagnosticSeverity.Error, ex.Reason, Line: ex.Line, Column: ex.Column)]);
        }

        return new(workflows, Check(workflows, inputs, settings, knownWorkflows, JsonPositions.Map(json)));
    }

    /// <summary>Validates the workflow held in property <paramref name="property"/> of a larger JSON document (a case file's
    /// "workflow"), reporting lines and columns within that document.</summary>
    public static WorkflowValidationResult ValidateEmbedded(string document, string property, IReadOnlyList<RuleInputType>? inputs = null, WorkflowSettings? settings = null, IEnumerable<Workflow>? knownWorkflows = null)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(document, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var node = root?[property] ?? throw new ArgumentException($"The document has no '{property}' property.", nameof(property));
        var workflows = WorkflowJson.Parse(node.ToJsonString());
        var positions = JsonPositions.Map(document)
            .Where(p => p.Key.StartsWith($"[0]/{property.ToLowerInvariant()}", StringComparison.Ordinal))
            .ToDictionary(p => "[0]" + p.Key[($"[0]/{property.ToLowerInvariant()}".Length)..], p => p.Value, StringComparer.Ordinal);
        return new(workflows, Check(workflows, inputs, settings, knownWorkflows, positions));
    }

    /// <summary>Validates workflows with input types taken from sample inputs (JSON samples typed as RulesEngine would).</summary>
    public static WorkflowValidationResult Validate(string json, IReadOnlyList<RuleParameter> samples, WorkflowSettings? settings = null, IEnumerable<Workflow>? knownWorkflows = null) =>
        Validate(json, [.. samples.Select(s => new RuleInputType(s.Name, s.Type))], settings, knownWorkflows);

    public static WorkflowValidationResult Validate(Workflow workflow, IReadOnlyList<RuleInputType>? inputs = null, WorkflowSettings? settings = null, IEnumerable<Workflow>? knownWorkflows = null) =>
        new([workflow], Check([workflow], inputs, settings, knownWorkflows, []));

    // On one large-stack thread for the whole check, rather than one per expression (see LargeStack).
    private static List<WorkflowDiagnostic> Check(IReadOnlyList<Workflow> workflows, IReadOnlyList<RuleInputType>? inputs, WorkflowSettings? settings,
        IEnumerable<Workflow>? knownWorkflows, Dictionary<string, (int Line, int Column)> positions) =>
        Expressions.Internal.LargeStack.Run(() => CheckAll(workflows, inputs, settings, knownWorkflows, positions));

    private static List<WorkflowDiagnostic> CheckAll(IReadOnlyList<Workflow> workflows, IReadOnlyList<RuleInputType>? inputs, WorkflowSettings? settings,
        IEnumerable<Workflow>? knownWorkflows, Dictionary<string, (int Line, int Column)> positions)
    {
        var all = workflows.Concat(knownWorkflows ?? []).ToList();
        var diagnostics = new List<WorkflowDiagnostic>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var w = 0; w < workflows.Count; w++)
        {
            var workflow = workflows[w];
            var context = new Context(diagnostics, positions, settings ?? new WorkflowSettings(), inputs, all, $"[{w}]");
            context.Check(workflow, names);
        }

        return diagnostics;
    }

    private sealed class Context(List<WorkflowDiagnostic> diagnostics, Dictionary<string, (int Line, int Column)> positions,
        WorkflowSettings settings, IReadOnlyList<RuleInputType>? inputs, List<Workflow> workflows, string jsonPath)
    {
        private readonly RuleCompiler _compiler = new(
            settings,
            inputs ?? [.. Enumerable.Range(1, 9).Select(i => new RuleInputType($"input{i}", typeof(IDictionary<string, object?>)))],
            strictShapeMembers: true);

        private bool _disabled;

        public void Check(Workflow workflow, HashSet<string> names)
        {
            var wf = string.IsNullOrWhiteSpace(workflow.WorkflowName) ? "(unnamed)" : workflow.WorkflowName;
            if (string.IsNullOrWhiteSpace(workflow.WorkflowName))
            {
                Report(DiagnosticSeverity.Error, "WorkflowName is required", wf, "WorkflowName", jsonPath);
            }
            else if (!names.Add(workflow.WorkflowName))
            {
                Report(DiagnosticSeverity.Error, $"Workflow '{workflow.WorkflowName}' is defined more than once", wf, "WorkflowName", jsonPath + "/workflowname");
            }

            if (workflow.Rules.Count == 0 && (workflow.WorkflowsToInject?.Count ?? 0) == 0)
            {
                Report(DiagnosticSeverity.Error, "A workflow needs at least one rule or WorkflowsToInject", wf, "Rules", jsonPath);
            }

            foreach (var (inject, i) in (workflow.WorkflowsToInject ?? []).Select((n, i) => (n, i)))
            {
                if (!workflows.Any(x => x.WorkflowName == inject))
                {
                    Report(DiagnosticSeverity.Error, $"Injected workflow '{inject}' is not defined", wf, "WorkflowsToInject", $"{jsonPath}/workflowstoinject[{i}]");
                }
            }

            var scope = _compiler.Inputs.ToList();
            CheckParams(workflow.GlobalParams, scope, wf, "GlobalParams", jsonPath + "/globalparams");
            CheckRules(workflow.Rules, scope, wf, jsonPath);
        }

        private void CheckRules(List<Rule>? rules, List<ScopeVar> scope, string parentPath, string parentJson)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (rules?.Count ?? 0); i++)
            {
                var rule = rules![i];
                var json = $"{parentJson}/rules[{i}]";
                var path = $"{parentPath}/{(string.IsNullOrWhiteSpace(rule.RuleName) ? $"#{i + 1}" : rule.RuleName)}";
                var wasDisabled = _disabled;
                _disabled |= !rule.Enabled;
                CheckRule(rule, scope, path, json, seen);
                _disabled = wasDisabled;
            }
        }

        private void CheckRule(Rule rule, List<ScopeVar> scope, string path, string json, HashSet<string> seen)
        {
            if (string.IsNullOrWhiteSpace(rule.RuleName))
            {
                Report(DiagnosticSeverity.Error, "RuleName is required", path, "RuleName", json, registration: true);
            }
            else if (!seen.Add(rule.RuleName))
            {
                Report(DiagnosticSeverity.Error, $"Rule name '{rule.RuleName}' is used more than once at this level", path, "RuleName", json + "/rulename");
            }

            var visible = scope.ToList();
            CheckParams(rule.LocalParams, visible, path, "LocalParams", json + "/localparams");
            var hasChildren = rule.Rules is { Count: > 0 };
            if (rule.Operator is not null)
            {
                if (!Operators.Contains(rule.Operator, StringComparer.Ordinal))
                {
                    var hint = Operators.FirstOrDefault(o => o.Equals(rule.Operator, StringComparison.OrdinalIgnoreCase)) is { } exact
                        ? $"; operators are case-sensitive, write '{exact}'"
                        : "";
                    Report(DiagnosticSeverity.Error, $"Operator '{rule.Operator}' is not one of And, AndAlso, Or, OrElse{hint}", path, "Operator", json + "/operator");
                }

                if (!hasChildren)
                {
                    Report(DiagnosticSeverity.Error, $"A rule with an Operator needs nested Rules (RulesEngine: {WorkflowRegistration.RulesOrInjectionRequired})", path, "Rules", json, registration: true);
                }

                if (rule.Expression is not null)
                {
                    Report(DiagnosticSeverity.Warning, "Expression is ignored on a rule with an Operator", path, "Expression", json + "/expression");
                }

                CheckRules(rule.Rules, visible, path, json);
            }
            else
            {
                if (hasChildren)
                {
                    Report(DiagnosticSeverity.Error, $"Nested Rules need an Operator (And, AndAlso, Or, OrElse) (RulesEngine: {WorkflowRegistration.RulesWithoutOperator})", path, "Operator", json, registration: true);
                }

                if (string.IsNullOrWhiteSpace(rule.Expression))
                {
                    Report(DiagnosticSeverity.Error, WorkflowRegistration.ExpressionRequired, path, "Expression", json, registration: true);
                }
                else
                {
                    CheckExpression(rule.Expression, visible, path, "Expression", json + "/expression", mustBeBoolean: true);
                }
            }

            CheckAction(rule.Actions?.OnSuccess, visible, path, "Actions.OnSuccess", json + "/actions/onsuccess");
            CheckAction(rule.Actions?.OnFailure, visible, path, "Actions.OnFailure", json + "/actions/onfailure");
            CheckPlaceholders(rule.ErrorMessage, visible, path, json + "/errormessage");
        }

        private void CheckParams(List<ScopedParam>? parameters, List<ScopeVar> visible, string path, string field, string json)
        {
            var own = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (parameters?.Count ?? 0); i++)
            {
                var p = parameters![i];
                var name = $"{field}[{(string.IsNullOrWhiteSpace(p.Name) ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Name)}]";
                var pjson = $"{json}[{i}]";
                if (string.IsNullOrWhiteSpace(p.Name))
                {
                    Report(DiagnosticSeverity.Error, "A scoped param needs a Name", path, name, pjson);
                    continue;
                }

                var clash = _compiler.Inputs.Any(v => v.Name == p.Name);
                if (clash)
                {
                    Report(DiagnosticSeverity.Error, $"'{p.Name}' is also an input name", path, name, pjson + "/name");
                }
                else if (!own.Add(p.Name))
                {
                    var message = field == "GlobalParams" ? WorkflowRegistration.DuplicateGlobalParam(p.Name) : WorkflowRegistration.DuplicateLocalParam(p.Name);
                    Report(DiagnosticSeverity.Error, message, path, name, pjson + "/name", registration: true);
                }

                var type = CheckExpression(p.Expression, visible, path, name, pjson + "/expression", mustBeBoolean: false);
                if (clash)
                {
                    continue;
                }

                visible.Add(new ScopeVar(Expression.Parameter(type ?? typeof(object), p.Name), -1));
            }
        }

        private Type? CheckExpression(string? text, List<ScopeVar> visible, string path, string field, string json, bool mustBeBoolean)
        {
            // A rule's expression is parsed for a Boolean, as RulesEngine parses it. The parser's refusal does not say
            // what the type was; parsed for any type, the expression tells.
            var bound = _compiler.Bind(text, visible, mustBeBoolean ? typeof(bool) : null);
            if (mustBeBoolean && bound.Diagnostics is [{ Message: "Expression of type 'Boolean' expected" }]
                && _compiler.Bind(text, visible) is { Success: true, Body: { } other })
            {
                Report(DiagnosticSeverity.Error, $"The expression is of type '{other.Type.Name}', a rule needs a Boolean", path, field, json, 1, text?.Length ?? 1);
                return other.Type;
            }

            foreach (var d in bound.Diagnostics)
            {
                Report(DiagnosticSeverity.Error, d.Message, path, field, json, d.Column, d.Length, text);
            }

            return bound.Body?.Type;
        }

        private void CheckAction(ActionInfo? action, List<ScopeVar> visible, string path, string field, string json)
        {
            if (action is null)
            {
                return;
            }

            var name = ActionNames.Builtin(action.Name);
            if (!BuiltinActions.Contains(name) && ActionNames.Custom(settings.CustomActions, action.Name) is null)
            {
                Report(DiagnosticSeverity.Error, $"Action '{action.Name}' is not registered", path, field, json + "/name");
                return;
            }

            if (name == "OutputExpression")
            {
                var text = action.GetContext("Expression") is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;
                if (text is null)
                {
                    Report(DiagnosticSeverity.Error, "OutputExpression needs Context.Expression", path, field, json);
                }
                else
                {
                    CheckExpression(text, visible, path, field + ".Context.Expression", json + "/context/expression", mustBeBoolean: false);
                }
            }
            else if (name == "EvaluateRule")
            {
                var workflowName = action.GetContext("workflowName")?.GetString();
                var ruleName = action.GetContext("ruleName")?.GetString();
                var target = workflows.FirstOrDefault(w => w.WorkflowName == workflowName);
                if (target is null)
                {
                    Report(DiagnosticSeverity.Error, $"EvaluateRule refers to workflow '{workflowName}', which is not defined", path, field, json + "/context");
                }
                else if (!target.Rules.Any(r => r.RuleName == ruleName))
                {
                    Report(DiagnosticSeverity.Error, $"EvaluateRule refers to rule '{ruleName}', which workflow '{workflowName}' does not have", path, field, json + "/context");
                }
            }
        }

        private void CheckPlaceholders(string? message, List<ScopeVar> visible, string path, string json)
        {
            foreach (Match m in Placeholder().Matches(message ?? ""))
            {
                var name = m.Groups[1].Value.Split('.')[0];
                if (!visible.Any(v => v.Name == name))
                {
                    Report(DiagnosticSeverity.Warning, $"Placeholder '{m.Value}' names no input or param (names are case-sensitive here); it will be left as is", path, "ErrorMessage", json);
                }
            }
        }

        private void Report(DiagnosticSeverity severity, string message, string? path, string? field, string json, int? exprColumn = null, int? exprLength = null, string? text = null, bool registration = false)
        {
            // Problems inside disabled rules do not stop the workflow from running: RulesEngine never compiles them.
            // What RulesEngine checks at registration it checks in disabled rules too, and refuses the whole workflow.
            if (_disabled && severity == DiagnosticSeverity.Error && !registration)
            {
                severity = DiagnosticSeverity.Warning;
                message += " (rule is disabled)";
            }

            var position = positions.TryGetValue(json, out var p) ? p : ((int Line, int Column)?)null;
            if (position is { } start && exprColumn is { } col && text is not null && col - 1 <= text.Length
                && !text[..(col - 1)].Any(ch => ch is '"' or '\\' or < ' '))
            {
                // Point at the error itself: the string's opening quote, then the expression column (no escapes before it).
                position = (start.Line, start.Column + col);
            }

            diagnostics.Add(new WorkflowDiagnostic(severity, message, path, field, position?.Line, position?.Column, exprColumn, exprLength));
        }
    }

    [GeneratedRegex(@"\$\((.*?)\)")]
    private static partial Regex Placeholder();
}
