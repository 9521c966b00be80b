namespace LedgerGrpc.Classification.Plugins;

/// <summary>Where a plugin stands.</summary>
public enum PluginStatus
{
    /// <summary>Loaded, validated, its dimensions live.</summary>
    Loaded,

    /// <summary>Its files' SHA-256 has not been approved yet; nothing of it runs.</summary>
    PendingApproval,

    /// <summary>Broke its error rate, time or memory budget: not called, its customers keep their segments until an
    /// operator enables it again.</summary>
    Quarantined,

    /// <summary>Disabled by an operator: its dimensions are retired until it is enabled.</summary>
    Disabled,

    /// <summary>Could not load or failed validation (see the message); the server runs without it.</summary>
    Failed,

    /// <summary>Retired or replaced, but something still keeps its load context alive, so its memory is not freed.</summary>
    UnloadPending,
}
