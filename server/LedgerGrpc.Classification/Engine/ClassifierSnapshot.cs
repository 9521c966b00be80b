using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Classification.Engine;

/// <summary>The dimensions in force at one moment, from workflows and plugins. Immutable: publishing a workflow or
/// loading a plugin builds a new snapshot and swaps it in atomically, so a classification never mixes two versions.</summary>
public sealed class ClassifierSnapshot
{
    private readonly Dictionary<string, ClassifierDimension> _byName;

    public ClassifierSnapshot(IEnumerable<ClassifierDimension> dimensions)
    {
        Dimensions = [.. dimensions.OrderBy(d => d.Name, StringComparer.Ordinal)];
        _byName = Dimensions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        Plugins = [.. Dimensions.OfType<PluginDimension>().Select(d => d.Plugin).Distinct()];
        Guarded = [.. Dimensions.OfType<CompiledDimension>().Where(d => d.Guard is not null)];
    }

    public static ClassifierSnapshot Empty { get; } = new([]);

    public IReadOnlyList<ClassifierDimension> Dimensions { get; }

    /// <summary>The plugins whose dimensions are in this snapshot.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>The workflows that call plugins' expression helpers (evaluated under the plugins' watchdog).</summary>
    public IReadOnlyList<CompiledDimension> Guarded { get; }

    /// <summary>Whether classifying under this snapshot runs plugin code (plugin dimensions or expression helpers), so
    /// that bulk work runs on watched threads; false for workflows alone, which pay nothing for plugins.</summary>
    public bool RunsPluginCode => Plugins.Count > 0 || Guarded.Count > 0;

    public ClassifierDimension? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A snapshot with <paramref name="dimension"/> added or replacing the one of the same name.</summary>
    public ClassifierSnapshot With(ClassifierDimension dimension) =>
        new(Dimensions.Where(d => d.Name != dimension.Name).Append(dimension));

    public ClassifierSnapshot Without(string name) => new(Dimensions.Where(d => d.Name != name));

    /// <summary>A snapshot with <paramref name="plugin"/>'s dimensions in place of any earlier version's. Throws when
    /// one of its keys belongs to a workflow or another plugin.</summary>
    public ClassifierSnapshot WithPlugin(LoadedPlugin plugin)
    {
        foreach (var d in plugin.Dimensions)
        {
            if (Find(d.Name) is { } existing && (existing is not PluginDimension p || p.Plugin.Name != plugin.Name))
            {
                throw new ClassificationException(ClassificationError.InvalidArgument,
                    $"Plugin {plugin.Name} declares dimension '{d.Name}', which {(existing is PluginDimension other ? $"plugin {other.Plugin.Name}" : "a workflow")} already defines; dimension keys must be unique.");
            }
        }

        foreach (var helper in plugin.HelperNames)
        {
            if (Plugins.FirstOrDefault(p => p.Name != plugin.Name && p.HelperNames.Contains(helper, StringComparer.OrdinalIgnoreCase)) is { } other)
            {
                throw new ClassificationException(ClassificationError.InvalidArgument,
                    $"Plugin {plugin.Name} declares expression helper '{helper}', which plugin {other.Name} already provides; helper names must be unique.");
            }
        }

        return new(Rebind([.. WithoutPluginDimensions(plugin.Name).Concat(plugin.Dimensions)], plugin.Name, keepUnbindable: false));
    }

    /// <summary>A snapshot without the dimensions of the plugin named <paramref name="name"/>. A workflow that calls the
    /// plugin's expression helpers stays bound to the old version (which then cannot be collected: the plugin's status
    /// says so); <see cref="PluginHost"/> refuses to disable such a plugin, but a removed folder cannot be refused.</summary>
    public ClassifierSnapshot WithoutPlugin(string name) => new(Rebind([.. WithoutPluginDimensions(name)], name, keepUnbindable: true));

    /// <summary>Recompiles the workflows bound to plugin <paramref name="name"/>'s expression helpers against the helpers
    /// in service in <paramref name="next"/>, so they call the version now loaded (and release the old one).</summary>
    private static List<ClassifierDimension> Rebind(List<ClassifierDimension> next, string name, bool keepUnbindable)
    {
        var helperPlugins = next.OfType<PluginDimension>().Select(d => d.Plugin).Distinct().ToList();
        for (var i = 0; i < next.Count; i++)
        {
            if (next[i] is not CompiledDimension workflow || !workflow.HelperPlugins.Any(p => p.Name == name)) continue;
            var (rebound, diagnostics) = DimensionCompiler.Compile(workflow.Json, workflow.Version, helperPlugins, null);
            if (rebound is not null)
            {
                next[i] = rebound;
            }
            else if (!keepUnbindable)
            {
                var now = helperPlugins.FirstOrDefault(p => p.Name == name);
                throw new ClassificationException(ClassificationError.FailedPrecondition,
                    $"Workflow '{workflow.Name}' (version {workflow.Version}) calls plugin {name}'s expression helpers and does not compile against "
                    + $"{(now is null ? "the plugins in service" : $"version {now.Version}")}: {string.Join("; ", diagnostics.Where(d => d.IsError))}. Change the workflow first, or keep the helpers it calls.");
            }
        }

        return next;
    }

    private IEnumerable<ClassifierDimension> WithoutPluginDimensions(string name) =>
        Dimensions.Where(d => d is not PluginDimension p || p.Plugin.Name != name);
}
