namespace LedgerGrpc.Classification.Plugins;

/// <summary>What the API shows about one plugin at one moment.</summary>
public sealed record PluginInfo(
    string Name,
    string DeclaredName,
    string Version,
    string Hash,
    PluginStatus Status,
    string Message,
    IReadOnlyList<PluginDimension> Dimensions,
    long Calls,
    long Errors,
    double P50Micros,
    double P99Micros,
    string LastError,
    DateTime? LastErrorAt,
    DateTime ChangedAt,
    IReadOnlyList<string> Helpers);
