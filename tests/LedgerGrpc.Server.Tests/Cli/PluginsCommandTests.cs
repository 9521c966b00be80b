using System.CommandLine;
using System.Diagnostics;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Cli;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LedgerGrpc.Server.Tests.Cli;

/// <summary>`ledgergrpc plugins new|check|install-samples` on real builds and a real seeded ledger.</summary>
public sealed class PluginsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("ledgergrpc-plugins-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Check_prints_the_distribution_a_sample_plugin_would_produce_on_the_ledger()
    {
        var data = Seed();

        var (exit, output, error) = Run("plugins", "check", PluginBuilds.Abc.Output, "--data-dir", data);

        Assert.True(exit == 0, error);
        Assert.Contains("Abc (ABC) 1.0.0.0, SHA-256 ", output);
        Assert.Contains("150 customers", output);
        Assert.Contains("abc (ABC class (Pareto)):", output);
        Assert.Matches(@"\n  A +\d+ +\d+\.\d%  A: top 80% of revenue", output);
        Assert.Contains(" 0 errors", output);
    }

    [Fact]
    public void Check_refuses_a_plugin_the_server_would_refuse_with_the_reason()
    {
        var data = Seed();

        var (exit, _, error) = Run("plugins", "check", PluginBuilds.WrongContract.Output, "--data-dir", data);

        Assert.Equal(1, exit);
        Assert.Contains("The server would not load this plugin: WrongContract was built against plugin contract 2.0", error);
    }

    [Fact]
    public async Task New_scaffolds_a_project_that_builds_against_the_contract_and_checks_clean()
    {
        var (exit, output, error) = Run("plugins", "new", "Whales", "--output", _dir.Path);
        Assert.True(exit == 0, error);
        var project = Path.Combine(_dir.Path, "Whales");
        Assert.Contains($"Created {project}", output);

        var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", project]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var log = await build.StandardOutput.ReadToEndAsync();
        await build.WaitForExitAsync();
        Assert.True(build.ExitCode == 0, log);
        var bin = Path.Combine(project, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(bin, "Whales.dll")));
        // The contract is the server's to share: not in the plugin's output.
        Assert.False(File.Exists(Path.Combine(bin, "LedgerGrpc.Plugins.Abstractions.dll")));

        var (checkExit, checkOutput, checkError) = Run("plugins", "check", bin, "--data-dir", Seed());
        Assert.True(checkExit == 0, checkError);
        Assert.Contains("whales (Whales):", checkOutput);
        Assert.Contains(" 0 errors", checkOutput);
    }

    [Fact]
    public void New_refuses_a_name_that_cannot_name_a_folder_assembly_and_class()
    {
        var (exit, _, error) = Run("plugins", "new", "my-plugin", "--output", _dir.Path);

        Assert.Equal(1, exit);
        Assert.Contains("'my-plugin' is not a usable plugin name", error);
    }

    private string Seed()
    {
        var data = _dir.Directory("data-" + Guid.NewGuid().ToString("N"));
        new LedgerSeeder(new LedgerStore(new LedgerOptions { DataDir = data }), new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))).Run(150, randomSeed: 3);
        return data;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LedgerCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
