using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Access.Keys;

/// <summary>
/// Loads the key cache before the server listens (creating the first-start admin key if there is no
/// key yet), then rereads it every <see cref="AccessOptions.KeyRefreshInterval"/> so keys created or
/// revoked by the CLI in another process take effect without a restart. Off the hot path.
/// </summary>
public sealed partial class ApiKeyRefresher(
    ApiKeyCache cache,
    ApiKeyManager keys,
    LedgerGrpc.Ledger.LedgerOptions ledger,
    IOptions<AccessOptions> options,
    ILogger<ApiKeyRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = AdminKeyFile.PathFor(ledger, options.Value);
        if (await AdminKeyFile.EnsureAsync(keys, path, cancellationToken).ConfigureAwait(false) is { } written)
        {
            LogAdminKeyWritten(written);
        }

        await cache.ReloadAsync(cancellationToken).ConfigureAwait(false);
        LogKeysLoaded(cache.Count);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.KeyRefreshInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        // Wall-clock time: "a CLI change reaches a running server within the interval" is about real seconds. Key
        // expiry uses the ledger's clock (ApiKeyCache); a ledger clock moved by days (a test's fake clock) would
        // otherwise fire this timer once per second skipped, synchronously, inside the call that moved it.
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        // Stopping disposes the timer, ending the loop without the exception a cancelled wait throws (RefusedCallFlusher says why).
        using var stopping = stoppingToken.Register(timer.Dispose);
        try
        {
            while (await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
            {
                try
                {
                    await cache.ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Keep serving with the keys already loaded; the next tick tries again.
                    LogReloadFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while rereading the keys.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: created the admin API key and wrote it to {Path} (mode 0600). Call with 'authorization: Bearer <key>'.")]
    private partial void LogAdminKeyWritten(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} API keys")]
    private partial void LogKeysLoaded(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rereading API keys failed; the keys already loaded stay in force")]
    private partial void LogReloadFailed(Exception e);
}
