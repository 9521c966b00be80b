namespace LedgerGrpc.Classification.Plugins;

/// <summary>The host's record of one plugin folder: what is on disk, what is live, what is retired but not yet
/// collected. Changed only under the host's operation lock.</summary>
internal sealed class PluginSlot(string name, string folder)
{
    public string Name { get; } = name;

    public string Folder { get; } = folder;

    /// <summary>SHA-256 of the files on disk when last read.</summary>
    public string Hash { get; set; } = "";

    public PluginStatus Status { get; set; } = PluginStatus.Failed;

    public string Message { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    /// <summary>The version whose dimensions are in the snapshot (also when quarantined: its memberships stay).</summary>
    public LoadedPlugin? Current { get; set; }

    /// <summary>Versions unloaded whose load context the runtime has not collected yet.</summary>
    public List<LoadedPlugin> Retired { get; } = [];

    /// <summary>Retired versions still alive after the host stopped waiting for them (something references them).</summary>
    public List<LoadedPlugin> Stuck { get; } = [];

    /// <summary>The expression helpers of the last version that loaded (an unknown name in a workflow is explained
    /// with them while the plugin is not in service).</summary>
    public IReadOnlyList<string> HelperNames { get; set; } = [];

    /// <summary>The folder is gone: the slot disappears once its retired versions are collected.</summary>
    public bool Removed { get; set; }
}
