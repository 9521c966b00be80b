using System.Reflection;

namespace LedgerGrpc.Testing;

/// <summary>
/// Plugin assemblies the test build produced (sample plugins and tests/plugins/*; test projects reference them with
/// ReferenceOutputAssembly=false, so they are built first but never loaded into the test's own context), installed by
/// copying their output folder into a plugins folder as an operator would.
/// </summary>
public static class PluginBuilds
{
    private static readonly string Configuration =
        typeof(PluginBuilds).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static readonly PluginBuild Rfm = new("plugins/samples/LedgerGrpc.Plugins.Rfm", "Rfm");
    public static readonly PluginBuild Abc = new("plugins/samples/LedgerGrpc.Plugins.Abc", "Abc");
    public static readonly PluginBuild ChurnRisk = new("plugins/samples/LedgerGrpc.Plugins.ChurnRisk", "ChurnRisk");
    public static readonly PluginBuild Throws = new("tests/plugins/Throws", "Throws");
    public static readonly PluginBuild Hangs = new("tests/plugins/Hangs", "Hangs");
    public static readonly PluginBuild Allocates = new("tests/plugins/Allocates", "Allocates");
    public static readonly PluginBuild Clashes = new("tests/plugins/Clashes", "Clashes");
    public static readonly PluginBuild KeepsAlive = new("tests/plugins/KeepsAlive", "KeepsAlive");
    public static readonly PluginBuild WrongContract = new("tests/plugins/WrongContract", "WrongContract");
    public static readonly PluginBuild OwnCsvHelper = new("tests/plugins/OwnCsvHelper", "OwnCsvHelper");
    public static readonly PluginBuild ForeignHelper = new("tests/plugins/ForeignHelper", "ForeignHelper");
    public static readonly PluginBuild RiskyHelpers = new("tests/plugins/RiskyHelpers", "RiskyHelpers");
    public static readonly PluginBuild TierV1 = new("tests/plugins/Tier/V1", "Tier");
    public static readonly PluginBuild TierV2 = new("tests/plugins/Tier/V2", "Tier");

    /// <summary>One plugin project's build output.</summary>
    public sealed record PluginBuild(string ProjectDir, string Name)
    {
        public string Output => System.IO.Path.Combine(RepoPaths.Root, ProjectDir, "bin", Configuration, "net10.0");

        /// <summary>Copies the build output into <c>&lt;pluginsDir&gt;/&lt;Name&gt;/</c> (replacing what is there, as
        /// deploying a new build does) and returns that folder.</summary>
        public string InstallInto(string pluginsDir)
        {
            if (!File.Exists(System.IO.Path.Combine(Output, Name + ".dll")))
            {
                throw new InvalidOperationException($"{Output}/{Name}.dll is missing: build the solution in {Configuration} first.");
            }

            var target = System.IO.Path.Combine(pluginsDir, Name);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(Output))
            {
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), overwrite: true);
            }

            return target;
        }
    }
}
