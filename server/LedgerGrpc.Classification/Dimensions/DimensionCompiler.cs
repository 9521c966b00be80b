using LedgerGrpc.Classification.Features;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Validation;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>Checks and compiles a dimension workflow with the rules engine (LedgerGrpc.Rules), the customer being
/// <c>customer</c> and, for RulesEngine compatibility, <c>input1</c> (type <see cref="CustomerFeatures"/>). Everything the
/// workflow validator checks is reported before anything runs, with rule paths and positions; on top of that, the
/// classification settings must make sense.</summary>
public static class DimensionCompiler
{
    private static readonly RuleInputType[] Inputs = [new("customer", typeof(CustomerFeatures)), new("input1", typeof(CustomerFeatures))];

    /// <summary>RulesEngine's default settings (scoped params on, case-insensitive expressions, exceptions as failures).</summary>
    private static readonly WorkflowSettings Settings = new();

    public static (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Compile(string json, int version)
    {
        var validation = WorkflowValidator.Validate(json, Inputs, Settings);
        var diagnostics = validation.Diagnostics.Select(ToDiagnostic).ToList();
        if (validation.Workflows.Count == 0)
        {
            return (null, diagnostics);
        }

        var definition = DimensionDefinitionReader.FromWorkflows(validation.Workflows, diagnostics);
        if (definition is null || diagnostics.Exists(d => d.IsError))
        {
            return (null, diagnostics);
        }

        var workflow = new WorkflowEngine(Settings, definition.Workflow).Compile<CustomerFeatures>(definition.Name, Inputs[0].Name, Inputs[1].Name);
        return (new CompiledDimension(definition, version, json, workflow), diagnostics);
    }

    // Where the validator names a part of a rule other than its expression (LocalParams[x], Actions.OnSuccess, ...),
    // the part joins the rule path, so the message still reads on its own.
    private static ClassificationDiagnostic ToDiagnostic(WorkflowDiagnostic d)
    {
        var path = d.RulePath ?? "";
        if (d.Field is { } field && (field.Contains('[', StringComparison.Ordinal) || field.StartsWith("Actions", StringComparison.Ordinal) || field == "ErrorMessage"))
        {
            path = path.Length == 0 ? field : $"{path}/{field}";
        }

        return new ClassificationDiagnostic(path, d.Message, d.Line ?? 0, d.Column ?? 0, d.ExpressionColumn ?? 0, d.Severity == DiagnosticSeverity.Error);
    }
}
