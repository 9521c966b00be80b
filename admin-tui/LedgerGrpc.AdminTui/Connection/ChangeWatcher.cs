using Grpc.Core;
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

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var call = connection.Segments.WatchChanges(new WatchChangesRequest { AfterSequence = feed.LastSequence }, new CallOptions(cancellationToken: ct));
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    feed.Add(call.ResponseStream.Current);
                }
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                connection.Failed<SegmentChange>(e);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                connection.ProbeNow();
            }

            try
            {
                // Back off until the monitor sees the server again rather than hammering it.
                do
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
                }
                while (connection.State.Status != ConnectionStatus.Connected);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

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
