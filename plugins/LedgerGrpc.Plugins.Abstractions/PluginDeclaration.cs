namespace LedgerGrpc.Plugins;

/// <summary>What a plugin is and what it classifies.</summary>
/// <param name="Name">The plugin's name (by convention the name of its folder and main assembly).</param>
/// <param name="Version">The plugin's own version (e.g. <c>1.2.0</c>); history records it as the cause of every
/// change the plugin makes.</param>
/// <param name="Dimensions">One or more dimensions.</param>
public sealed record PluginDeclaration(string Name, Version Version, IReadOnlyList<DimensionDeclaration> Dimensions);
