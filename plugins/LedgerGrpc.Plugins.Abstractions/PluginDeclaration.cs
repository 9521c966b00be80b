namespace LedgerGrpc.Plugins;

/// <summary>What a plugin is and what it classifies.</summary>
/// <param name="Name">The plugin's name (by convention the name of its folder and main assembly).</param>
/// <param name="Version">The plugin's own version (e.g. <c>1.2.0</c>); history records it as the cause of every
/// change the plugin makes.</param>
/// <param name="Dimensions">One or more dimensions.</param>
public sealed record PluginDeclaration(string Name, Version Version, IReadOnlyList<DimensionDeclaration> Dimensions)
{
    /// <summary>
    /// Since contract 1.1. Public static classes of the plugin's own assembly whose public static methods workflow
    /// expressions may call by the class's name, as RulesEngine's <c>ReSettings.CustomTypes</c> allows: a helper class
    /// <c>Rfm</c> with <c>public static int Score(ICustomerFeatures customer)</c> is called as
    /// <c>Rfm.Score(customer)</c>. Calls pass the same expression sandbox as everything else in a workflow, so
    /// parameters and results must be data (numbers, text, dates, collections of those, <see cref="ICustomerFeatures"/>).
    /// A helper runs inside the workflow, on the ledger's write path: keep it quick and free of side effects. Workflows
    /// are bound to the loaded version: a reload re-binds them to the new build (refused if one no longer compiles),
    /// and a plugin whose helpers a workflow uses cannot be disabled until that workflow stops using them.
    /// </summary>
    public IReadOnlyList<Type> ExpressionHelpers { get; init; } = [];
}
