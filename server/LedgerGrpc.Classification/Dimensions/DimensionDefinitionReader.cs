using System.Text.Json;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>Reads a dimension from RulesEngine-format workflow JSON (see <see cref="WorkflowJson"/>): one workflow, whose
/// classification settings are workflow-level extension properties, matched case-insensitively like the rest.</summary>
public static class DimensionDefinitionReader
{
    /// <summary>The dimension without checking its rules (<see cref="DimensionCompiler"/> checks everything).</summary>
    public static (DimensionDefinition? Definition, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Read(string json)
    {
        var diagnostics = new List<ClassificationDiagnostic>();
        try
        {
            return (FromWorkflows(WorkflowJson.Parse(json), diagnostics), diagnostics);
        }
        catch (WorkflowJsonException ex)
        {
            diagnostics.Add(new ClassificationDiagnostic("", $"Invalid JSON: {ex.Reason}", ex.Line, ex.Column));
            return (null, diagnostics);
        }
    }

    internal static DimensionDefinition? FromWorkflows(IReadOnlyList<Workflow> workflows, List<ClassificationDiagnostic> diagnostics)
    {
        if (workflows.Count != 1)
        {
            diagnostics.Add(new ClassificationDiagnostic("", $"A dimension is one workflow; the array holds {workflows.Count}."));
            return null;
        }

        var workflow = workflows[0];
        var name = workflow.WorkflowName;
        if (WorkflowNames.Problem(name) is { } nameProblem)
        {
            diagnostics.Add(new ClassificationDiagnostic("WorkflowName", nameProblem));
        }

        var mode = ClassificationMode.FirstMatch;
        if (Extension(workflow, "ClassificationMode") is { } modeValue
            && (modeValue.ValueKind != JsonValueKind.String || !Enum.TryParse(modeValue.GetString(), ignoreCase: true, out mode)))
        {
            diagnostics.Add(new ClassificationDiagnostic(name, $"ClassificationMode {modeValue.GetRawText()} is not FirstMatch or MultiMatch."));
        }

        var segmentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Extension(workflow, "Segments") is { ValueKind: JsonValueKind.Object } segments)
        {
            foreach (var segment in segments.EnumerateObject())
            {
                segmentNames[segment.Name] = segment.Value.ValueKind == JsonValueKind.String ? segment.Value.GetString()! : segment.Name;
            }
        }

        var defaultSegment = String(workflow, "DefaultSegment") ?? (mode == ClassificationMode.FirstMatch ? "unclassified" : "");
        return new DimensionDefinition(name, String(workflow, "DisplayName") ?? name, mode, defaultSegment, segmentNames, workflow);
    }

    private static JsonElement? Extension(Workflow workflow, string name)
    {
        foreach (var (key, value) in workflow.ExtensionData ?? [])
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static string? String(Workflow workflow, string name) =>
        Extension(workflow, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
