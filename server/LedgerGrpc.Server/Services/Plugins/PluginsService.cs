using Grpc.Core;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Identity;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Plugins;

/// <summary>ledger.v1.Plugins: what is in the plugins folder, its status and counters, and the operator's controls.</summary>
public sealed class PluginsService(PluginHost host, AuditTrail audit) : V1.Plugins.PluginsBase
{
    public override Task<V1.ListPluginsResponse> ListPlugins(V1.ListPluginsRequest request, ServerCallContext context)
    {
        var response = new V1.ListPluginsResponse();
        response.Plugins.AddRange(host.List().Select(PluginMapping.ToPlugin));
        return Task.FromResult(response);
    }

    public override Task<V1.Plugin> GetPlugin(V1.GetPluginRequest request, ServerCallContext context) =>
        Task.FromResult(PluginMapping.ToPlugin(host.Get(request.Name)));

    public override async Task<V1.Plugin> ApprovePlugin(V1.ApprovePluginRequest request, ServerCallContext context) =>
        await AuditedAsync(context, "ApprovePlugin", await host.ApproveAsync(request.Name, request.Sha256, context.Caller().Actor, context.CancellationToken));

    public override async Task<V1.Plugin> DisablePlugin(V1.DisablePluginRequest request, ServerCallContext context) =>
        await AuditedAsync(context, "DisablePlugin", await host.DisableAsync(request.Name, context.Caller().Actor, context.CancellationToken));

    public override async Task<V1.Plugin> EnablePlugin(V1.EnablePluginRequest request, ServerCallContext context) =>
        await AuditedAsync(context, "EnablePlugin", await host.EnableAsync(request.Name, context.CancellationToken));

    public override async Task<V1.Plugin> ReloadPlugin(V1.ReloadPluginRequest request, ServerCallContext context) =>
        await AuditedAsync(context, "ReloadPlugin", await host.ReloadAsync(request.Name, context.CancellationToken));

    // The operator's action is recorded with what it led to: the build (hash, version) and the status it ended in.
    private async Task<V1.Plugin> AuditedAsync(ServerCallContext context, string action, PluginInfo info)
    {
        var plugin = PluginMapping.ToPlugin(info);
        await audit.RecordAsync(context.Caller().Actor, action, "Plugin", plugin.Name, new Dictionary<string, string?>
        {
            ["sha256"] = plugin.Sha256, ["version"] = plugin.Version, ["status"] = plugin.Status,
        });
        return plugin;
    }

    public override async Task WatchPlugins(V1.WatchPluginsRequest request, IServerStreamWriter<V1.Plugin> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var info in host.WatchAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(PluginMapping.ToPlugin(info));
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher hung up or the server is stopping: the stream just ends.
        }
    }
}
