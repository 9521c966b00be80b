using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Cases;
using LedgerGrpc.Rules.Validation;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Server.Cli;

/// <summary>`ledgergrpc rules check FILE...` (diagnostics, exit code 1 on errors) and `ledgergrpc rules eval PATH...`
/// (runs rules-compat case files, one JSON line per result), so operators can test workflows offline.</summary>
public static class RulesCommand
{
    private static readonly JsonSerializerOptions LineJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var rules = new Command("rules", "Check and evaluate RulesEngine-format workflow files offline.");
        rules.Subcommands.Add(Check());
        rules.Subcommands.Add(Eval());
        return rules;
    }

    private static Command Check()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Workflow files, or case files (their first input set types the inputs).", Arity = ArgumentArity.OneOrMore };
        var sample = new Option<FileInfo?>("--sample") { Description = "A JSON object of input name → sample value, to check member names and types." };
        var names = new Option<string[]>("--input") { Description = "Input names the expressions use (untyped), when not input1..input9, e.g. --input customer --input input1." };
        var command = new Command("check", "Validate workflow files and print every diagnostic.") { files, sample, names };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var samples = parse.GetValue(sample) is { } s ? Samples(JsonNode.Parse(File.ReadAllText(s.FullName)) as JsonObject) : null;
            var untyped = parse.GetValue(names) is { Length: > 0 } given
                ? given.Select(n => new RuleInputType(n, typeof(IDictionary<string, object?>))).ToList()
                : null;
            var errors = 0;
            foreach (var file in parse.GetValue(files) ?? [])
            {
                var result = Validate(file, samples, untyped);
                foreach (var d in result.Diagnostics)
                {
                    output.WriteLine($"{file.Name}:{d}");
                }

                errors += result.Errors.Count();
                output.WriteLine($"{file.Name}: {(result.IsValid ? "ok" : "invalid")} ({result.Errors.Count()} errors, {result.Diagnostics.Count - result.Errors.Count()} warnings)");
            }

            return errors > 0 ? 1 : 0;
        });
        return command;
    }

    private static Command Eval()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Case files or folders of *.json case files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("eval", "Run case files and print one JSON line per (input set, top-level rule) in expected.jsonl's format.") { paths };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var failed = 0;
            foreach (var file in (parse.GetValue(paths) ?? []).SelectMany(Expand))
            {
                try
                {
                    foreach (var line in RuleCaseRunner.RunFile(file))
                    {
                        output.WriteLine(line.ToJsonString(LineJson));
                    }
                }
                // Whatever one case file does wrong, the others still run: a run over a folder of cases must not end
                // at the first file this engine cannot read.
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"{file}: {ex.Message}");
                    failed++;
                }
            }

            return failed > 0 ? 1 : 0;
        });
        return command;
    }

    private static WorkflowValidationResult Validate(FileInfo file, IReadOnlyList<RuleParameter>? samples, IReadOnlyList<RuleInputType>? untyped)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (IOException ex)
        {
            return new([], [new WorkflowDiagnostic(DiagnosticSeverity.Error, ex.Message)]);
        }

        // A case file: check its workflow, with the extra workflows known and the first input set as samples.
        if (TryParseObject(text) is { } root && root["workflow"] is JsonObject)
        {
            var known = root["workflows"] is JsonArray more ? WorkflowJson.Parse(more.ToJsonString()) : [];
            samples ??= Samples((root["inputs"] as JsonArray)?.FirstOrDefault() as JsonObject);
            return WorkflowValidator.ValidateEmbedded(text, "workflow", samples?.Select(p => new RuleInputType(p.Name, p.Type)).ToList() ?? untyped, null, known);
        }

        return samples is null ? WorkflowValidator.Validate(text, untyped) : WorkflowValidator.Validate(text, samples);
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RuleParameter[]? Samples(JsonObject? inputs) =>
        inputs is null ? null : [.. inputs.Select(p => RuleParameter.FromJson(p.Key, JsonSerializer.SerializeToElement(p.Value)))];

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path) ? Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal) : [path];
}
