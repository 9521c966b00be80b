using System.Text.Json;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>Reads a dimension from RulesEngine-format workflow JSON (case-insensitive property names, a single
/// workflow object or a one-element array at the root). Reports every structural problem it finds.</summary>
public static class DimensionDefinitionReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static (DimensionDefinition? Definition, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Read(string json)
    {
        var diagnostics = new List<ClassificationDiagnostic>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(new ClassificationDiagnostic("", $"Invalid JSON: {FirstSentence(ex.Message)}", (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1));
            return (null, diagnostics);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() != 1)
                {
                    diagnostics.Add(new ClassificationDiagnostic("", $"A dimension is one workflow; the array holds {root.GetArrayLength()}."));
                    return (null, diagnostics);
                }

                root = root[0];
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(new ClassificationDiagnostic("", "The workflow must be a JSON object."));
                return (null, diagnostics);
            }

            var definition = ReadWorkflow(root, diagnostics);
            // Structural errors do not stop the reader: the compiler still checks every expression, so one pass reports all problems.
            return (definition, diagnostics);
        }
    }

    private static DimensionDefinition ReadWorkflow(JsonElement root, List<ClassificationDiagnostic> diagnostics)
    {
        var name = String(root, "WorkflowName") ?? "";
        if (name.Trim().Length == 0)
        {
            diagnostics.Add(new ClassificationDiagnostic("", "WorkflowName is required."));
        }
        else if (name.Length > 100)
        {
            diagnostics.Add(new ClassificationDiagnostic("", "WorkflowName is longer than 100 characters."));
        }

        var mode = ClassificationMode.FirstMatch;
        if (String(root, "ClassificationMode") is { } modeText && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            diagnostics.Add(new ClassificationDiagnostic("", $"ClassificationMode '{modeText}' is not FirstMatch or MultiMatch."));
        }

        if (Property(root, "GlobalParams") is { ValueKind: JsonValueKind.Array } globals && globals.GetArrayLength() > 0)
        {
            diagnostics.Add(new ClassificationDiagnostic("", "GlobalParams are not supported in classification workflows; inline the expression."));
        }

        var segmentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Property(root, "Segments") is { ValueKind: JsonValueKind.Object } segments)
        {
            foreach (var segment in segments.EnumerateObject())
            {
                segmentNames[segment.Name] = segment.Value.ValueKind == JsonValueKind.String ? segment.Value.GetString()! : segment.Name;
            }
        }

        var rules = ReadRules(root, name, diagnostics);
        if (rules.Count == 0)
        {
            diagnostics.Add(new ClassificationDiagnostic(name, "The workflow has no rules."));
        }

        var defaultSegment = String(root, "DefaultSegment") ?? (mode == ClassificationMode.FirstMatch ? "unclassified" : "");
        return new DimensionDefinition(name, String(root, "DisplayName") ?? name, mode, defaultSegment, segmentNames, rules);
    }

    private static List<RuleDefinition> ReadRules(JsonElement parent, string parentPath, List<ClassificationDiagnostic> diagnostics)
    {
        var rules = new List<RuleDefinition>();
        if (Property(parent, "Rules") is not { ValueKind: JsonValueKind.Array } array)
        {
            return rules;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var ruleName = String(element, "RuleName") ?? "";
            var path = $"{parentPath}/{(ruleName.Length > 0 ? ruleName : $"Rules[{index}]")}";
            index++;
            if (ruleName.Length == 0)
            {
                diagnostics.Add(new ClassificationDiagnostic(path, "RuleName is required."));
            }
            else if (!names.Add(ruleName))
            {
                diagnostics.Add(new ClassificationDiagnostic(path, $"Duplicate RuleName '{ruleName}'."));
            }

            var children = ReadRules(element, path, diagnostics);
            var op = String(element, "Operator");
            var expression = String(element, "Expression") ?? "";
            if (children.Count > 0 && op is null)
            {
                diagnostics.Add(new ClassificationDiagnostic(path, "A rule with nested Rules needs an Operator (And, AndAlso, Or, OrElse)."));
            }
            else if (op is not null && op is not ("And" or "AndAlso" or "Or" or "OrElse"))
            {
                diagnostics.Add(new ClassificationDiagnostic(path, $"Operator '{op}' is not And, AndAlso, Or or OrElse."));
            }
            else if (children.Count == 0 && expression.Trim().Length == 0)
            {
                diagnostics.Add(new ClassificationDiagnostic(path, "Expression is required."));
            }

            if (Property(element, "LocalParams") is { ValueKind: JsonValueKind.Array } locals && locals.GetArrayLength() > 0)
            {
                diagnostics.Add(new ClassificationDiagnostic(path, "LocalParams are not supported in classification workflows; inline the expression."));
            }

            var enabled = Property(element, "Enabled") is not { ValueKind: JsonValueKind.False };
            rules.Add(new RuleDefinition(ruleName, path, expression, String(element, "SuccessEvent"), OutputExpression(element), enabled, op, children));
        }

        return rules;
    }

    private static string? OutputExpression(JsonElement rule)
    {
        if (Property(rule, "Actions") is { ValueKind: JsonValueKind.Object } actions
            && Property(actions, "OnSuccess") is { ValueKind: JsonValueKind.Object } onSuccess
            && String(onSuccess, "Name") is { } actionName
            && actionName.Equals("OutputExpression", StringComparison.OrdinalIgnoreCase)
            && Property(onSuccess, "Context") is { ValueKind: JsonValueKind.Object } context)
        {
            return String(context, "Expression");
        }

        return null;
    }

    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? String(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
