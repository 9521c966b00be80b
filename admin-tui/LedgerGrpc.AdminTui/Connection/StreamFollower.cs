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
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var call = open(new CallOptions(cancellationToken: ct));
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    received(call.ResponseStream.Current);
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
}
