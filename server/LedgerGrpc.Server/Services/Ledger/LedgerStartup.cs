using LedgerGrpc.Ledger;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>
/// Opens (and migrates) the ledger when the server starts, so the first call does not pay for it and
/// a database that cannot be opened stops startup. On shutdown it runs after Kestrel has stopped taking calls and
/// answered the ones in flight (hosted services stop in reverse order): drains the writer's queue (every queued
/// command is committed and its caller answered), then checkpoints the WAL into the database.
/// </summary>
internal sealed partial class LedgerStartup(IServiceProvider services, ILogger<LedgerStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LedgerWriter>();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<LedgerWriter>().DisposeAsync().ConfigureAwait(false);
        var (busy, walPages, copied) = services.GetRequiredService<LedgerStore>().CheckpointWal();
        LogCheckpointed(walPages, copied, busy);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger writer drained; WAL checkpointed at shutdown ({Copied} of {WalPages} pages copied, busy: {Busy})")]
    private partial void LogCheckpointed(long walPages, long copied, bool busy);
}
