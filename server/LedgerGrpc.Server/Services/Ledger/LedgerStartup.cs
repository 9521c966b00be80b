using LedgerGrpc.Ledger;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>
/// Opens (and migrates) the ledger when the server starts, so the first call does not pay for it and
/// a database that cannot be opened stops startup; on shutdown drains the writer's queue.
/// </summary>
internal sealed class LedgerStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LedgerWriter>();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await services.GetRequiredService<LedgerWriter>().DisposeAsync().ConfigureAwait(false);
}
