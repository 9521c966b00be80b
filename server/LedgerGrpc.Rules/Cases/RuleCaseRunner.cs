using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Cases;

/// <summary>Runs case files in the rules-compat format (a workflow, optional extra workflows and settings, and a list of
/// input sets) and reports one JSON object per (input set, top-level rule) in the format of rules-compat's expected.jsonl.
/// Used by the compatibility tests and by <c>ledgergrpc rules eval</c>.</summary>
public static class RuleCaseRunner
{
    /// <summary>Runs every input set of the case file at <paramref name="path"/>.</summary>
    public static IEnumerable<JsonObject> RunFile(string path) => Run(File.ReadAllText(path), Path.GetFileName(path));

    public static IEnumerable<JsonObject> Run(string caseJson, string fileName)
    {
        var root = JsonNode.Parse(caseJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?.AsObject()
            ?? throw new RuleException($"{fileName}: a case file must be a JSON object.");
        var workflowNode = root["workflow"] ?? throw new RuleException($"{fileName}: the case has no \"workflow\".");
        var inputs = root["inputs"] as JsonArray ?? [];
        // Outside the registration below: a setting RulesEngine does not have is a mistake in the case, not an answer.
        var settings = ReadSettings(root["settings"] as JsonObject);
        WorkflowEngine? engine = null;
        Workflow? workflow = null;
        string? refused = null;
        try
        {
            // A workflow that does not read as RulesEngine's model (Enabled: null, an unknown RuleExpressionType) is
            // refused like one RulesEngine will not register: a RulesEngine user never gets to call it.
            workflow = WorkflowJson.Parse(workflowNode.ToJsonString()).Single();
            engine = new WorkflowEngine(settings, [.. Workflows(root["workflows"]), workflow]);
        }
        catch (Exception ex) when (ex is RuleException or WorkflowJsonException)
        {
            refused = ex.Message;
        }

        if (engine is null || workflow is null)
        {
            // Refused at registration, as RulesEngine refuses it: every call fails.
            for (var i = 0; i < inputs.Count; i++)
            {
                yield return new JsonObject { ["file"] = fileName, ["input"] = i, ["rule"] = null, ["success"] = false, ["error"] = refused, ["output"] = null };
            }

            yield break;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            IReadOnlyList<RuleResultTree> results;
            string? failure = null;
            try
            {
                var parameters = (inputs[i] as JsonObject ?? [])
                    .Select(p => RuleParameter.FromJson(p.Key, p.Value?.ToJsonString() ?? "null"))
                    .ToArray();
                results = engine.ExecuteAllRules(workflow.WorkflowName, parameters);
            }
            catch (Exception ex) when (ex is RuleException or FormatException or JsonException or ArgumentException)
            {
                results = [];
                failure = ex.Message;
            }

            if (failure is not null)
            {
                yield return new JsonObject { ["file"] = fileName, ["input"] = i, ["rule"] = null, ["success"] = false, ["error"] = failure, ["output"] = null };
                continue;
            }

            foreach (var result in results)
            {
                var line = new JsonObject { ["file"] = fileName, ["input"] = i };
                Describe(result, line);
                yield return line;
            }
        }
    }

    /// <summary>The expected.jsonl shape of one result (recursively for children).</summary>
    public static JsonObject Describe(RuleResultTree result, JsonObject? into = null)
    {
        var line = into ?? [];
        line["rule"] = result.Rule.RuleName;
        line["success"] = result.IsSuccess;
        if (result.ExceptionMessage is not null)
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
        line["output"] = output is null ? null : JsonNode.Parse(OutputJson.Serialize(output));
        if (output is not null)
        {
            line["outputType"] = output is System.Linq.Dynamic.Core.DynamicClass ? "<dynamic class>" : output.GetType().Name;
        }

        if (result.ActionResult?.Exception is { } actionError)
        {
            line["actionError"] = $"{actionError.GetType().Name}: {actionError.Message}"
                + (actionError.InnerException is { } cause ? $" ---> {cause.GetType().Name}: {cause.Message}" : "");
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

    private static IEnumerable<Workflow> Workflows(JsonNode? node) =>
        node is JsonArray array ? WorkflowJson.Parse(array.ToJsonString()) : [];

    /// <summary>A case file's "settings": RulesEngine's ReSettings flags by name.</summary>
    public static WorkflowSettings ReadSettings(JsonObject? settings)
    {
        var result = new WorkflowSettings();
        foreach (var (name, value) in settings ?? [])
        {
            bool Flag() => value?.GetValue<bool>() ?? false;
            result = name switch
            {
                "EnableFormattedErrorMessage" => result with { EnableFormattedErrorMessage = Flag() },
                "EnableExceptionAsErrorMessage" => result with { EnableExceptionAsErrorMessage = Flag() },
                "IgnoreException" => result with { IgnoreException = Flag() },
                "EnableScopedParams" => result with { EnableScopedParams = Flag() },
                "IsExpressionCaseSensitive" => result with { IsExpressionCaseSensitive = Flag() },
                "NestedRuleExecutionMode" => result with { NestedRuleExecutionMode = Enum.Parse<NestedRuleExecutionMode>(value!.ToString(), ignoreCase: true) },
                "AutoRegisterInputType" => result with { AutoRegisterInputType = Flag() },
                "EnableExceptionAsErrorMessageForRuleExpressionParsing" => result with { EnableExceptionAsErrorMessageForRuleExpressionParsing = Flag() },
                "AutoExecuteActions" => result with { AutoExecuteActions = Flag() },
                // How RulesEngine compiles and caches, not what it answers: nothing to model.
                "UseFastExpressionCompiler" or "CacheConfig" or "EnableParallelRuleCompilation" => result,
                _ => throw new RuleException($"settings: \"{name}\" is not a RulesEngine setting."),
            };
        }

        return result;
    }
}
