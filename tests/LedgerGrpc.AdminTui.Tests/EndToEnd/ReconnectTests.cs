using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>The server goes away and comes back: the client says so, keeps running, and reconnects by itself.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task Stopping_the_server_shows_disconnected_retrying_and_it_reconnects_when_it_is_back()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-reconnect");
        await ServerProcess.SeedAsync(dir.Path, 40);
        await using var server = await ServerProcess.StartAsync(dir.Path);
        using var tui = TmuxTerminal.Start(80, 24, null, "--server", server.Address, "--data-dir", server.DataDir);
        await tui.WaitForAsync(s => s.Contains("● connected", StringComparison.Ordinal) && s.Contains("customers 40", StringComparison.Ordinal), "connected");

        await server.StopAsync();
        var down = await tui.WaitForAsync("disconnected, retrying");
        Assert.True(tui.IsRunning);
        Assert.DoesNotContain("   at ", down, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", down, StringComparison.Ordinal);

        // Keys still work while disconnected: the client is not frozen.
        tui.Type(":");
        tui.Type("segments");
        tui.Keys("Enter");
        await tui.WaitForAsync("│ Segments │");

        await server.RestartAsync();
        await tui.WaitForAsync(s => s.Contains("● connected", StringComparison.Ordinal) && s.Contains("value_tier", StringComparison.Ordinal), "reconnected with the segments loaded");
    }
}
