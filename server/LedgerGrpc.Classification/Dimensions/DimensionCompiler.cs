using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Plugins;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Validation;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>Checks and compiles a dimension workflow with the rules engine (LedgerGrpc.Rules), the customer being
/// <c>customer</c> and, for RulesEngine compatibility, <c>input1</c> (type <see cref="CustomerFeatures"/>). Everything the
/// workflow validator checks is reported before anything runs, with rule paths and positions; on top of that, the
/// classification settings must make sense.</summary>
public static partial class DimensionCompiler
{
    private static readonly RuleInputType[] Inputs = [new("customer", typeof(CustomerFeatures)), new("input1", typeof(CustomerFeatures))];

    /// <summary>RulesEngine's default settings (scoped params on, case-insensitive expressions, exceptions as failures).</summary>
    private static readonly WorkflowSettings Settings = new();

    public static (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Compile(string json, int version) =>
        Compile(json, version, [], null);

    /// <summary>Compiles with the expression helpers of <paramref name="helperPlugins"/> that the workflow names
    /// registered as custom types (with <see cref="ICustomerFeatures"/>, the view helpers take, allowed by the sandbox).
    /// <paramref name="unknownName"/> explains a name expressions do not know (a helper of a plugin not in service).</summary>
    public static (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Compile(string json, int version, IEnumerable<LoadedPlugin> helperPlugins, Func<string, string?>? unknownName)
    {
        var helpers = ExpressionHelpers.NamedIn(json, helperPlugins);
        // A helper's exceptions are reported to its guard (they count against its plugin's error rate).
        var settings = helpers.Count == 0 ? Settings : Settings with { CustomTypes = [.. helpers.Select(h => h.Helper), typeof(ICustomerFeatures)], CustomCallFailed = HelperGuard.Failed };
        var validation = WorkflowValidator.Validate(json, Inputs, settings);
        var diagnostics = validation.Diagnostics.Select(d => Explained(ToDiagnostic(d), unknownName)).ToList();
        if (validation.Workflows.Count == 0)
        {
            return (null, diagnostics);
        }

        var definition = DimensionDefinitionReader.FromWorkflows(validation.Workflows, diagnostics);
        if (definition is null || diagnostics.Exists(d => d.IsError))
        {
            return (null, diagnostics);
        }

        var workflow = new WorkflowEngine(settings, definition.Workflow).Compile<CustomerFeatures>(definition.Name, Inputs[0].Name, Inputs[1].Name);
        return (new CompiledDimension(definition, version, json, workflow, helpers), diagnostics);
    }

    // "Unknown identifier 'Rfm'" says nothing about why; when the name is a helper of a plugin that is not in service,
    // the plugin host says so.
    private static ClassificationDiagnostic Explained(ClassificationDiagnostic d, Func<string, string?>? unknownName) =>
        unknownName is not null && UnknownIdentifier().Match(d.Message) is { Success: true } m && unknownName(m.Groups[1].Value) is { } why
            ? d with { Message = $"{d.Message}: {why}" }
            : d;

    [System.Text.RegularExpressions.GeneratedRegex("Unknown identifier '([A-Za-z_][A-Za-z0-9_]*)'")]
    private static partial System.Text.RegularExpressions.Regex UnknownIdentifier();

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
