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
    }

    public static ClassifierSnapshot Empty { get; } = new([]);

    public IReadOnlyList<ClassifierDimension> Dimensions { get; }

    /// <summary>The plugins whose dimensions are in this snapshot.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

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

        return new(WithoutPluginDimensions(plugin.Name).Concat(plugin.Dimensions));
    }

    /// <summary>A snapshot without the dimensions of the plugin named <paramref name="name"/>.</summary>
    public ClassifierSnapshot WithoutPlugin(string name) => new(WithoutPluginDimensions(name));

    private IEnumerable<ClassifierDimension> WithoutPluginDimensions(string name) =>
        Dimensions.Where(d => d is not PluginDimension p || p.Plugin.Name != name);
}
