using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>
/// Loads the ledger into the classification engine and brings every membership up to date before serving.
/// <see cref="IsLoaded"/> answers the health check: NOT_SERVING until the load has finished.
/// </summary>
public sealed class ClassificationStartup(ClassificationEngine engine) : IHostedService
{
    private volatile bool _loaded;

    public bool IsLoaded => _loaded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _loaded = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
