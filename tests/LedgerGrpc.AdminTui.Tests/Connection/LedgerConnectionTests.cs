using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.Connection;

public sealed class LedgerConnectionTests
{
    [Fact]
    public async Task A_call_to_a_server_that_is_not_there_is_a_result_and_the_state_says_disconnected()
    {
        // A port nobody listens on: bind one, then free it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var connection = new LedgerConnection(new ConnectionOptions { Server = new Uri($"http://127.0.0.1:{port}") });
        var states = new List<ConnectionStatus>();
        connection.StateChanged += s => states.Add(s.Status);

        var result = await connection.CallAsync(o => connection.Segments.ListDimensionsAsync(new ListDimensionsRequest(), o).ResponseAsync);

        Assert.False(result.Ok);
        Assert.Equal(StatusCode.Unavailable, result.Code);
        Assert.StartsWith("server unreachable", result.Error, StringComparison.Ordinal);
        Assert.Equal(ConnectionStatus.Disconnected, connection.State.Status);
        Assert.Equal([ConnectionStatus.Disconnected], states);
        Assert.StartsWith("✕ disconnected, retrying", connection.State.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenConnected_waits_for_the_first_answer_and_is_complete_while_connected()
    {
        await using var connection = new LedgerConnection(new ConnectionOptions { Server = new Uri("http://127.0.0.1:1") });
        var waiting = connection.WhenConnectedAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        // Any answer from the server proves it is there.
        await connection.CallAsync(_ => Task.FromResult(1));
        await waiting;
        Assert.True(connection.WhenConnectedAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WhenConnected_ends_when_cancelled()
    {
        await using var connection = new LedgerConnection(new ConnectionOptions { Server = new Uri("http://127.0.0.1:1") });
        using var cts = new CancellationTokenSource();
        var waiting = connection.WhenConnectedAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Theory]
    [InlineData(StatusCode.Unauthenticated, "not signed in: no key (give --api-key or LEDGERGRPC_API_KEY)")]
    [InlineData(StatusCode.PermissionDenied, "not allowed: no key")]
    [InlineData(StatusCode.InvalidArgument, "no key")]
    public void Server_errors_read_as_what_to_do(StatusCode code, string expected)
        => Assert.Equal(expected, LedgerConnection.Describe(new RpcException(new Status(code, "no key"))));
}
