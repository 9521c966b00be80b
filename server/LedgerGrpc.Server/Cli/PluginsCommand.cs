using System.CommandLine;
using LedgerGrpc.Classification;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Ledger;

namespace LedgerGrpc.Server.Cli;

/// <summary>
/// `ledgergrpc plugins new NAME` scaffolds a plugin project; `ledgergrpc plugins check PATH --data-dir DIR` loads a
/// build offline, validates it and prints the distribution it would produce on that ledger; `ledgergrpc plugins
/// install-samples --data-dir DIR` copies the sample plugins shipped with the server into the plugins folder.
/// </summary>
public static class PluginsCommand
{
    public static Command Create()
    {
        var plugins = new Command("plugins", "Write, check and install classifier plugins.");
        plugins.Subcommands.Add(New());
        plugins.Subcommands.Add(Check());
        plugins.Subcommands.Add(InstallSamples());
        return plugins;
    }

    private static Command New()
    {
        var name = new Argument<string>("NAME") { Description = "Plugin name: a C# identifier, e.g. BigSpenders. Also its folder and assembly name." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Parent folder of the new project (default: the current folder)." };
        var command = new Command("new", "Scaffold a plugin project that builds against this server's plugin contract.") { name, output };
        command.SetAction(parse =>
        {
            var plugin = parse.GetValue(name) ?? "";
            var parent = parse.GetValue(output)?.FullName ?? Directory.GetCurrentDirectory();
            try
            {
                var folder = PluginScaffold.Write(plugin, parent, Path.Combine(AppContext.BaseDirectory, "LedgerGrpc.Plugins.Abstractions.dll"));
                parse.InvocationConfiguration.Output.WriteLine($"Created {folder}. Build it with `dotnet build -c Release {folder}`, then copy bin/Release/net10.0/ into <data-dir>/plugins/{plugin}/.");
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command Check()
    {
        var path = new Argument<string>("PATH") { Description = "The plugin's build output folder or main assembly." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Ledger data directory (default: Ledger:DataDir or ./data)" };
        var command = new Command("check", "Load a plugin offline, validate it and print the distribution it would produce on the ledger.") { path, dataDir };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var ledger = LedgerCliSettings.Load(parse.GetValue(dataDir));
            if (!File.Exists(ledger.DatabasePath))
            {
                parse.InvocationConfiguration.Error.WriteLine($"No ledger at {ledger.DatabasePath}.");
                return 1;
            }

            try
            {
                var report = await PluginCheck.RunAsync(parse.GetValue(path)!, new LedgerStore(ledger), new ClassificationOptions(), new PluginOptions(), TimeProvider.System, ct);
                output.WriteLine($"{report.Name} ({report.DeclaredName}) {report.Version}, SHA-256 {report.Hash}");
                output.WriteLine($"{report.Customers} customers: population step {report.PopulationMs} ms, classification {report.ClassifyMs} ms, {report.P50Micros:0.#} us per customer (p50), {report.P99Micros:0.#} us (p99), {report.Errors} errors{(report.Errors > 0 ? $" (last: {report.LastError})" : "")}");
                foreach (var d in report.Dimensions)
                {
                    output.WriteLine($"{d.Key} ({d.DisplayName}):");
                    foreach (var (segment, display, customers) in d.Segments)
                    {
                        output.WriteLine($"  {segment,-24} {customers,10} {(report.Customers == 0 ? 0 : 100.0 * customers / report.Customers),6:0.0}%  {display}");
                    }
                }

                return 0;
            }
            catch (PluginLoadException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"The server would not load this plugin: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command InstallSamples()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Ledger data directory (default: Ledger:DataDir or ./data)" };
        var command = new Command("install-samples", "Copy the sample plugins (Rfm, Abc, ChurnRisk) into <data-dir>/plugins.") { dataDir };
        command.SetAction(parse =>
        {
            var samples = Path.Combine(AppContext.BaseDirectory, "plugin-samples");
            var target = Path.Combine(LedgerCliSettings.Load(parse.GetValue(dataDir)).DataDir, "plugins");
            if (!Directory.Exists(samples))
            {
                parse.InvocationConfiguration.Error.WriteLine($"{samples} is missing: this build of the server ships no sample plugins.");
                return 1;
            }

            foreach (var sample in Directory.GetDirectories(samples).Order(StringComparer.Ordinal))
            {
                var folder = Path.Combine(target, Path.GetFileName(sample));
                Directory.CreateDirectory(folder);
                foreach (var file in Directory.GetFiles(sample)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
                parse.InvocationConfiguration.Output.WriteLine($"{Path.GetFileName(sample)} -> {folder} (SHA-256 {PluginFiles.Hash(folder)})");
            }

            return 0;
        });
        return command;
    }
}
