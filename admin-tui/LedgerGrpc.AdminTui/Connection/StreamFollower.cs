using Grpc.Core;

namespace LedgerGrpc.AdminTui.Connection;

/// <summary>
/// Follows a server stream until cancelled: when it breaks (server stopped, network) it waits until the connection
/// monitor sees the server again and opens it anew, so a watch survives restarts without hammering a server that is down.
/// </summary>
public static class StreamFollower
{
    /// <param name="open">Opens the stream again (it may resume after what it last saw).</param>
    /// <param name="received">Called for every message, on the reading thread.</param>
    public static async Task FollowAsync<T>(LedgerConnection connection, Func<CallOptions, AsyncServerStreamingCall<T>> open, Action<T> received, CancellationToken ct)
    {
        var pause = MinPause;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var call = open(new CallOptions(cancellationToken: ct));
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    received(call.ResponseStream.Current);
                    pause = MinPause;
                }
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                connection.Failed<T>(e);
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
                // A pause first, growing while the stream keeps failing without a message: a stream the server refuses
                // while reachable (a role without the right, say) is retried calmly, not in a loop. Then wait for the
                // connection monitor to see the server, rather than polling its state.
                await Task.Delay(pause, ct).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
                await connection.WhenConnectedAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static readonly TimeSpan MinPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(8);
}
