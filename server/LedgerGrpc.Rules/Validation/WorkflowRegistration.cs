using System.Text.Json;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Validation;

/// <summary>The checks RulesEngine 6.0.1 makes when a workflow is registered (its WorkflowsValidator and RuleValidator),
/// with its messages. RulesEngine refuses the whole workflow when one fails, disabled rules included, so
/// <see cref="WorkflowEngine"/> does too and <see cref="WorkflowValidator"/> reports them as errors even in disabled rules.</summary>
public static class WorkflowRegistration
{
    public const string WorkflowNameRequired = "Workflow name can not be null or empty";
    public const string RulesOrInjectionRequired = "Atleast one of Rules or WorkflowsToInject must be not empty";
    public const string RuleNameRequired = "Rule Name can not be null";
    public const string RulesWithoutOperator = "Cannot use Rules field when Operator is null";
    public const string ExpressionRequired = "Expression cannot be null or empty when RuleExpressionType is LambdaExpression";
    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];

    public static string DuplicateLocalParam(string name) => $"Duplicate LocalParam name '{name}'. LocalParam names must be unique within a rule.";

    public static string DuplicateGlobalParam(string name) => $"Duplicate GlobalParam name '{name}'. GlobalParam names must be unique within a workflow.";

    public static string OperatorNotAllowed(string op) => $"Operator {op} is not allowed";

    /// <summary>RulesEngine's registration problems as "Path: message" lines (empty when it would accept the workflow).</summary>
    public static IReadOnlyList<string> Problems(Workflow workflow)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(workflow.WorkflowName))
        {
            problems.Add($"WorkflowName: {WorkflowNameRequired}");
        }

        if (workflow.Rules.Count == 0 && (workflow.WorkflowsToInject?.Count ?? 0) == 0)
        {
            problems.Add($"WorkflowsToInject: {RulesOrInjectionRequired}");
        }

        for (var i = 0; i < workflow.Rules.Count; i++)
        {
            Check(workflow.Rules[i], $"Rules[{i}]", problems);
        }

        if (Duplicate(workflow.GlobalParams) is { } global)
        {
            problems.Add(DuplicateGlobalParam(global));
        }

        return problems;
    }

    /// <summary>The first name given twice (ordinal), as RulesEngine finds it.</summary>
    public static string? Duplicate(IEnumerable<ScopedParam>? parameters)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return parameters?.Select(p => p.Name).FirstOrDefault(n => !string.IsNullOrEmpty(n) && !seen.Add(n));
    }

    private static void Check(Rule rule, string path, List<string> problems)
    {
        if (string.IsNullOrEmpty(rule.RuleName))
        {
            problems.Add($"{path}.RuleName: {RuleNameRequired}");
        }

        if (rule.Operator is not null)
        {
            if (!Operators.Contains(rule.Operator, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{path}.Operator: {OperatorNotAllowed(rule.Operator)}");
            }

            if (rule.Rules is not { Count: > 0 } && !InjectsWorkflows(rule))
            {
                problems.Add($"{path}.WorkflowsToInject: {RulesOrInjectionRequired}");
            }

            for (var i = 0; i < (rule.Rules?.Count ?? 0); i++)
            {
                Check(rule.Rules![i], $"{path}.Rules[{i}]", problems);
            }
        }
        else if (rule.RuleExpressionType == RuleExpressionType.LambdaExpression)
        {
            if (string.IsNullOrEmpty(rule.Expression))
            {
                problems.Add($"{path}.Expression: {ExpressionRequired}");
            }

            if (rule.Rules is { Count: > 0 })
            {
                problems.Add($"{path}.Rules: {RulesWithoutOperator}");
            }
        }

        if (Duplicate(rule.LocalParams) is { } local)
        {
            problems.Add($"{path}: {DuplicateLocalParam(local)}");
        }
    }

    // A nested rule may instead name workflows whose rules it combines (kept in the rule's extension data here).
    private static bool InjectsWorkflows(Rule rule) =>
        rule.ExtensionData?.FirstOrDefault(p => p.Key.Equals("WorkflowsToInject", StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.Array } list
        && list.GetArrayLength() > 0;
}
