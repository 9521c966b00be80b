using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>Loads the ledger into the classification engine and brings every membership up to date before serving.</summary>
public sealed class ClassificationStartup(ClassificationEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
