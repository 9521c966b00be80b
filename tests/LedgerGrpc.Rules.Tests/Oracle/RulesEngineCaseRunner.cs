using System.Dynamic;
using System.Linq.Dynamic.Core;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Converters;
using RulesEngine.Models;
using ReParameter = RulesEngine.Models.RuleParameter;
using ReResult = RulesEngine.Models.RuleResultTree;
using ReWorkflow = RulesEngine.Models.Workflow;

namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>Runs a rules-compat case through Microsoft RulesEngine 6.0.1 itself and describes each result in the shape of
/// <see cref="Cases.RuleCaseRunner"/> (the expected.jsonl shape), so the two engines can be compared line by line.
/// Workflows are read as RulesEngine reads JSON config (System.Text.Json into its model); inputs as its users pass JSON
/// (Newtonsoft ExpandoObject, which RulesEngine turns into one generated class per shape).</summary>
public static class RulesEngineCaseRunner
{
    private static readonly JsonSerializerOptions OutputOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static IEnumerable<JsonObject> RunFile(string path) => Run(File.ReadAllText(path), Path.GetFileName(path));

    public static IReadOnlyList<JsonObject> Run(string caseJson, string fileName)
    {
        var root = JsonNode.Parse(caseJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        var workflowName = (string?)root["workflow"]?["WorkflowName"] ?? "";
        var inputs = root["inputs"] as JsonArray ?? [];
        var lines = new List<JsonObject>();
        RulesEngine.RulesEngine engine;
        try
        {
            ReWorkflow[] workflows = [.. (root["workflows"] as JsonArray ?? []).Append(root["workflow"]).Select(ToWorkflow)];
            engine = new RulesEngine.RulesEngine(workflows, Settings(root["settings"] as JsonObject));
        }
        catch (Exception ex)
        {
            // A workflow RulesEngine refuses to register: every call fails.
            for (var i = 0; i < inputs.Count; i++)
            {
                lines.Add(CallFailed(fileName, i, ex));
            }

            return lines;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            List<ReResult> results;
            try
            {
                var parameters = (inputs[i] as JsonObject ?? [])
                    .Select(p => new ReParameter(p.Key, ToExpando(p.Value)!))
                    .ToArray();
                results = engine.ExecuteAllRulesAsync(workflowName, parameters).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                lines.Add(CallFailed(fileName, i, ex));
                continue;
            }

            foreach (var result in results)
            {
                var line = new JsonObject { ["file"] = fileName, ["input"] = i };
                Describe(result, line);
                lines.Add(line);
            }
        }

        return lines;
    }

    public static JsonObject Describe(ReResult result, JsonObject? into = null)
    {
        var line = into ?? [];
        line["rule"] = result.Rule.RuleName;
        line["success"] = result.IsSuccess;
        if (!string.IsNullOrEmpty(result.ExceptionMessage))
        {
            line["error"] = result.ExceptionMessage;
            line["errorSource"] = "ExceptionMessage";
        }
        else if (!result.IsSuccess && !string.IsNullOrEmpty(result.Rule.ErrorMessage))
        {
            line["error"] = result.Rule.ErrorMessage;
            line["errorSource"] = "Rule.ErrorMessage";
        }
        else
        {
            line["error"] = null;
        }

        var output = result.ActionResult?.Output;
        line["output"] = output is null ? null : Serialize(output);
        if (output is not null)
        {
            line["outputType"] = output is DynamicClass ? "<dynamic class>" : output.GetType().Name;
        }

        if (result.ActionResult?.Exception is { } actionError)
        {
            line["actionError"] = $"{actionError.GetType().Name}: {actionError.Message}";
        }

        if (result.IsSuccess && result.Rule.SuccessEvent is { } successEvent)
        {
            line["successEvent"] = successEvent;
        }

        if (result.ChildResults is { } children)
        {
            line["children"] = new JsonArray([.. children.Select(c => (JsonNode)Describe(c))]);
        }

        return line;
    }

    // RulesEngine can hand back outputs no JSON writer takes (a compiled lambda for some LINQ expressions over
    // untyped lists): they are described by type so the comparison still sees them.
    private static JsonNode? Serialize(object output)
    {
        try
        {
            return JsonNode.Parse(JsonSerializer.Serialize(output, output.GetType(), OutputOptions));
        }
        catch (NotSupportedException)
        {
            return JsonValue.Create($"<not serializable: {output.GetType().Name}>");
        }
    }

    private static JsonObject CallFailed(string fileName, int input, Exception ex) =>
        new() { ["file"] = fileName, ["input"] = input, ["rule"] = null, ["success"] = false, ["error"] = $"{ex.GetType().Name}: {ex.Message}", ["output"] = null };

    private static ReWorkflow ToWorkflow(JsonNode? node) =>
        JsonSerializer.Deserialize<ReWorkflow>(node?.ToJsonString() ?? "null") ?? throw new ArgumentException("a workflow is null");

    // Newtonsoft's ExpandoObjectConverter: integers long, other numbers double, ISO date-times DateTime, arrays List<object>.
    private static object? ToExpando(JsonNode? value) => value switch
    {
        null => null,
        JsonObject => Newtonsoft.Json.JsonConvert.DeserializeObject<ExpandoObject>(value.ToJsonString(), new ExpandoObjectConverter()),
        _ => Newtonsoft.Json.JsonConvert.DeserializeObject<ExpandoObject>($"{{\"v\":{value.ToJsonString()}}}", new ExpandoObjectConverter())!
            .Single().Value,
    };

    private static ReSettings Settings(JsonObject? settings)
    {
        var result = new ReSettings();
        foreach (var (name, value) in settings ?? [])
        {
            var property = typeof(ReSettings).GetProperty(name) ?? throw new ArgumentException($"unknown ReSettings flag {name}");
            property.SetValue(result, property.PropertyType.IsEnum
                ? Enum.Parse(property.PropertyType, value!.ToString(), ignoreCase: true)
                : value!.GetValue<bool>());
        }

        return result;
    }
}
