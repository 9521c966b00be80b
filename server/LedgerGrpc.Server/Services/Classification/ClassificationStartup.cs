using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>
/// Loads the ledger into the classification engine and brings every membership up to date before serving; plugins in
/// the folder join the start-up snapshot, then the folder is watched.
/// <see cref="IsLoaded"/> answers the health check: NOT_SERVING until the load has finished.
/// </summary>
public sealed class ClassificationStartup(ClassificationEngine engine, PluginHost plugins) : IHostedService
{
    private volatile bool _loaded;

    public bool IsLoaded => _loaded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        plugins.StartWatching();
        _loaded = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
