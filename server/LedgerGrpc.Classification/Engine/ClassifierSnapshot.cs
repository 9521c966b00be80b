using LedgerGrpc.Classification.Dimensions;

namespace LedgerGrpc.Classification.Engine;

/// <summary>The compiled dimensions in force at one moment. Immutable: publishing builds a new snapshot and swaps it
/// in atomically, so a classification never mixes two versions of the rules.</summary>
public sealed class ClassifierSnapshot
{
    private readonly Dictionary<string, CompiledDimension> _byName;

    public ClassifierSnapshot(IEnumerable<CompiledDimension> dimensions)
    {
        Dimensions = [.. dimensions.OrderBy(d => d.Name, StringComparer.Ordinal)];
        _byName = Dimensions.ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public static ClassifierSnapshot Empty { get; } = new([]);

    public IReadOnlyList<CompiledDimension> Dimensions { get; }

    public CompiledDimension? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A snapshot with <paramref name="dimension"/> added or replacing the one of the same name.</summary>
    public ClassifierSnapshot With(CompiledDimension dimension) =>
        new(Dimensions.Where(d => d.Name != dimension.Name).Append(dimension));

    public ClassifierSnapshot Without(string name) => new(Dimensions.Where(d => d.Name != name));
}
