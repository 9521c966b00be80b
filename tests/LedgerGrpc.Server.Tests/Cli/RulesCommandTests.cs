using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using LedgerGrpc.Server.Cli;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Cli;

public sealed class RulesCommandTests : IDisposable
{
    private const string Workflow = """
        {
          "WorkflowName": "W",
          "Rules": [
            { "RuleName": "Ok", "Expression": "input1.age >= 18", "SuccessEvent": "adult" },
            { "RuleName": "Bad", "Expression": "input1.age >= " }
          ]
        }
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Check_prints_diagnostics_with_positions_and_fails_on_errors()
    {
        var file = Write("w.json", Workflow);

        var (exit, output, _) = Run("rules", "check", file);

        Assert.Equal(1, exit);
        Assert.Contains("w.json:5:55: error: W/Bad Expression: Expression expected (expression column 15)", output, StringComparison.Ordinal);
        Assert.Contains("w.json: invalid (1 errors, 0 warnings)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_succeeds_on_a_valid_workflow_typed_by_a_sample()
    {
        var file = Write("ok.json", """{ "WorkflowName": "W", "Rules": [ { "RuleName": "Ok", "Expression": "input1.age >= 18" } ] }""");
        var sample = Write("sample.json", """{ "input1": { "age": 3 } }""");
        var typo = Write("typo.json", """{ "WorkflowName": "W", "Rules": [ { "RuleName": "T", "Expression": "input1.agee >= 18" } ] }""");

        Assert.Equal(0, Run("rules", "check", file, "--sample", sample).Exit);
        Assert.Equal(1, Run("rules", "check", typo, "--sample", sample).Exit);
    }

    [Fact]
    public void Check_accepts_other_input_names_for_untyped_checking()
    {
        var file = Write("named.json", """
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "A", "Expression": "customer.IsBadDebt" },
              { "RuleName": "B", "Expression": "!string.IsNullOrWhiteSpace(customer.Region) && customer.Days > 3 * (customer.Median ?? 30)" } ] }
            """);

        Assert.Equal(1, Run("rules", "check", file).Exit);
        var (exit, output, _) = Run("rules", "check", "--input", "customer", file);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Eval_prints_one_json_line_per_input_and_rule_for_files_and_folders()
    {
        var cases = Directory.CreateDirectory(Path.Combine(_dir.Path, "cases")).FullName;
        File.WriteAllText(Path.Combine(cases, "a.json"), $$"""{ "workflow": {{Workflow}}, "inputs": [ { "input1": { "age": 20 } }, { "input1": { "age": 3 } } ] }""");

        var (exit, output, _) = Run("rules", "eval", cases);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(0, exit);
        Assert.Equal(4, lines.Count);
        Assert.Equal(("a.json", 0, "Ok", true, "adult"), ((string)lines[0]["file"]!, (int)lines[0]["input"]!, (string)lines[0]["rule"]!, (bool)lines[0]["success"]!, (string?)lines[0]["successEvent"]));
        Assert.StartsWith("Exception while parsing expression `input1.age >= `", (string)lines[1]["error"]!, StringComparison.Ordinal);
        Assert.False((bool)lines[2]["success"]!);
    }

    [Fact]
    public void Eval_prints_infinite_and_NaN_outputs_instead_of_aborting()
    {
        var file = Write("inf.json", """
            { "workflow": { "WorkflowName": "W", "Rules": [
                { "RuleName": "Inf", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.x / 0" } } } },
                { "RuleName": "NaN", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.x * 0 / 0" } } } } ] },
              "inputs": [ { "input1": { "x": 1.5 } } ] }
            """);

        var (exit, output, error) = Run("rules", "eval", file);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.True(exit == 0, error);
        Assert.Equal(("Infinity", "NaN"), ((string)lines[0]["output"]!, (string)lines[1]["output"]!));
        Assert.Equal("Double", (string)lines[0]["outputType"]!);
    }

    [Fact]
    public void Eval_reports_unreadable_case_files_and_fails()
    {
        var (exit, _, error) = Run("rules", "eval", Write("broken.json", "{ \"workflow\": "));

        Assert.Equal(1, exit);
        Assert.Contains("broken.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_goes_on_with_the_next_case_file_whatever_one_file_throws()
    {
        // A null setting value threw NullReferenceException, which ended the whole run at that file.
        var odd = Write("a-null-setting.json", """
            { "workflow": { "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "true" } ] },
              "settings": { "NestedRuleExecutionMode": null }, "inputs": [ { "input1": { } } ] }
            """);
        var fine = Write("b-fine.json", """
            { "workflow": { "WorkflowName": "W", "Rules": [ { "RuleName": "Adult", "Expression": "input1.age >= 18" } ] },
              "inputs": [ { "input1": { "age": 30 } } ] }
            """);

        var (exit, output, error) = Run("rules", "eval", odd, fine);

        Assert.Equal(1, exit);
        Assert.Contains("a-null-setting.json", error, StringComparison.Ordinal);
        var line = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
        Assert.Equal(("b-fine.json", "Adult", true), ((string)line["file"]!, (string)line["rule"]!, (bool)line["success"]!));
    }

    [Fact]
    public async Task The_executable_runs_case_files_in_a_child_process()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ledgergrpc.dll");
        var cases = Write("adults.json", """
            { "workflow": { "WorkflowName": "Adults", "Rules": [ { "RuleName": "Adult", "Expression": "input1.age >= 18", "SuccessEvent": "adult" } ] },
              "inputs": [ { "input1": { "age": 30 } }, { "input1": { "age": 3 } }, { "input1": { "age": 18 } } ] }
            """);
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "rules", "eval", cases]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await stderr);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"successEvent\":\"adult\"", lines[0], StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LedgerCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
