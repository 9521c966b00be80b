using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>Signing in with an API key: the local admin.key found by itself, the environment variable, --api-key; a
/// wrong key gets a message saying what to do, not a stack trace.</summary>
public sealed class ApiKeyLoginTests
{
    [Fact]
    public async Task The_client_signs_in_from_admin_key_the_environment_or_the_flag_and_says_so_when_the_key_is_wrong()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-keys");
        await ServerProcess.SeedAsync(dir.Path, 25);
        await using var server = await ServerProcess.StartAsync(dir.Path);
        var keyFile = Path.Combine(dir.Path, "admin.key");
        Assert.True(File.Exists(keyFile), "the server writes its admin key on the first start");
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();

        using (var local = TmuxTerminal.Start(80, 24, null, "--server", server.Address, "--data-dir", dir.Path))
        {
            await local.WaitForAsync(s => s.Contains("customers 25", StringComparison.Ordinal), "signed in with the local admin.key");
        }

        using (var fromEnvironment = TmuxTerminal.Start(80, 24, new Dictionary<string, string> { ["LEDGERGRPC_API_KEY"] = key }, "--server", server.Address, "--data-dir", "/nonexistent"))
        {
            await fromEnvironment.WaitForAsync(s => s.Contains("customers 25", StringComparison.Ordinal), "signed in with LEDGERGRPC_API_KEY");
        }

        using var wrong = TmuxTerminal.Start(250, 24, null, "--server", server.Address, "--data-dir", "/nonexistent", "--api-key", "lgk_not-a-key");
        var screen = await wrong.WaitForAsync("not signed in");
        Assert.Contains("--api-key or LEDGERGRPC_API_KEY", screen, StringComparison.Ordinal);
        Assert.True(wrong.IsRunning);
        Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);
    }
}
