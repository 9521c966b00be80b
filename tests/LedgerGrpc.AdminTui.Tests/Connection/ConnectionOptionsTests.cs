using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.Connection;

public sealed class ConnectionOptionsTests
{
    private static readonly Uri Local = new("http://127.0.0.1:5100");

    [Fact]
    public void Command_line_beats_environment_beats_the_local_admin_key_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("admin.key"), "file-key\n");

        Assert.Equal("cli", ConnectionOptions.ResolveApiKey("cli", "env", Local, dir.Path));
        Assert.Equal("env", ConnectionOptions.ResolveApiKey(null, "env", Local, dir.Path));
        Assert.Equal("file-key", ConnectionOptions.ResolveApiKey(null, null, Local, dir.Path));
    }

    [Fact]
    public void The_admin_key_file_is_never_sent_to_a_remote_server()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("admin.key"), "secret");

        Assert.Null(ConnectionOptions.ResolveApiKey(null, null, new Uri("https://ledger.example.com"), dir.Path));
    }

    [Fact]
    public void No_key_anywhere_is_no_key() => Assert.Null(ConnectionOptions.ResolveApiKey(" ", "", Local, "/nonexistent"));
}
