using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Connection;

/// <summary>
/// Follows WatchChanges for the whole session (so changes made from any screen show on the dashboard), feeding a
/// <see cref="ChangeFeed"/>. When the stream breaks it waits for the connection monitor to see the server again and
/// resumes after the last sequence it saw, so nothing is missed or counted twice.
/// </summary>
public sealed class ChangeWatcher(LedgerConnection connection, ChangeFeed feed)
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ChangeFeed Feed => feed;

    public void Start() => _loop ??= Task.Run(RunAsync);

    private Task RunAsync() => StreamFollower.FollowAsync(
        connection,
        // Resumes after the last sequence seen, so a reconnect neither misses nor repeats a change.
        options => connection.Segments.WatchChanges(new WatchChangesRequest { AfterSequence = feed.LastSequence }, options),
        feed.Add,
        _stop.Token);

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
