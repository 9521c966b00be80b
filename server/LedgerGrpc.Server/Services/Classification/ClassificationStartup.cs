using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>
/// Prepares classification before the server listens (schema, rules, job ids: quick), then loads the ledger into it in
/// the background, so ledger calls are served at once after a restart while classification calls answer UNAVAILABLE
/// until <see cref="ClassificationEngine.Ready"/>. A load that fails stops the server with exit code 1: it would
/// otherwise keep taking writes it can never classify.
/// </summary>
public sealed partial class ClassificationStartup(ClassificationEngine engine, IHostApplicationLifetime lifetime, ILogger<ClassificationStartup> logger, PluginHost plugins) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _load = Task.CompletedTask;

    /// <summary>Answers the Segments health check: NOT_SERVING until classification calls are served.</summary>
    public bool IsLoaded => engine.IsReady;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.PrepareAsync(cancellationToken).ConfigureAwait(false);
        _load = Task.Run(LoadAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _load.WaitAsync(cancellationToken).ConfigureAwait(false);
        await engine.Jobs.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await engine.SaveSnapshotAtStopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync()
    {
        try
        {
            await engine.LoadAsync(_stopping.Token).ConfigureAwait(false);
            plugins.StartWatching();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped while loading: nothing of the load is half-written.
        }
        catch (Exception ex)
        {
            LogLoadFailed(ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Classification could not load the ledger; stopping the server")]
    private partial void LogLoadFailed(Exception ex);
}
