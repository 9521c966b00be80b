using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Bench.Classification;

/// <summary>Loads a sample plugin's Release build (built first: the bench references the sample projects) the way the
/// server's host does.</summary>
internal static class SamplePlugin
{
    public static LoadedPlugin Load(string name) => LoadFrom(Path.Combine("plugins", "samples", $"LedgerGrpc.Plugins.{name}"), name);

    /// <summary>A test plugin's Release build (tests/plugins/<paramref name="project"/>).</summary>
    public static LoadedPlugin LoadTestPlugin(string project, string name) => LoadFrom(Path.Combine("tests", "plugins", project), name);

    private static LoadedPlugin LoadFrom(string project, string name)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "LedgerGrpc.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("LedgerGrpc.sln not found above the benchmark.");
        var folder = Path.Combine(root, project, "bin", "Release", "net10.0");
        return PluginLoading.Load(name, Path.Combine(folder, name + ".dll"), PluginFiles.Hash(folder), new PluginOptions { Directory = folder, CallBudget = TimeSpan.FromSeconds(30), PopulationBudget = TimeSpan.FromMinutes(5) }, TimeProvider.System);
    }
}
