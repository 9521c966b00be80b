using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Server.Services.Classification;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Plugins;

/// <summary>Converts the plugin host's view into ledger.v1 messages.</summary>
internal static class PluginMapping
{
    public static V1.Plugin ToPlugin(PluginInfo p)
    {
        var plugin = new V1.Plugin
        {
            Name = p.Name,
            DeclaredName = p.DeclaredName,
            Version = p.Version,
            Sha256 = p.Hash,
            Status = StatusText(p.Status),
            Message = p.Message,
            Calls = p.Calls,
            Errors = p.Errors,
            P50Micros = p.P50Micros,
            P99Micros = p.P99Micros,
            LastError = p.LastError,
            LastErrorAt = p.LastErrorAt is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            ChangedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(p.ChangedAt, DateTimeKind.Utc)),
        };
        plugin.Dimensions.AddRange(p.Dimensions.Select(ClassificationMapping.ToDimension));
        plugin.ExpressionHelpers.AddRange(p.Helpers);
        return plugin;
    }

    public static string StatusText(PluginStatus status) => status switch
    {
        PluginStatus.Loaded => "loaded",
        PluginStatus.PendingApproval => "pending_approval",
        PluginStatus.Quarantined => "quarantined",
        PluginStatus.Disabled => "disabled",
        PluginStatus.Failed => "failed",
        PluginStatus.UnloadPending => "unload_pending",
        _ => status.ToString().ToLowerInvariant(),
    };
}
