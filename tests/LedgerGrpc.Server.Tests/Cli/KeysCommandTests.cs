using System.CommandLine;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Cli;
using LedgerGrpc.Testing;
using Spectre.Console;

namespace LedgerGrpc.Server.Tests.Cli;

/// <summary>`keys create|list|revoke` through their command-line parsing, on a temp ledger.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("keys-cli");
    private readonly StringWriter _out = new();
    private readonly IAnsiConsole _console;

    public KeysCommandTests()
    {
        _console = TestConsole.Create(_out);
    }

    private Task<int> Run(params string[] args) => new RootCommand { KeysCommand.Create(_console) }.Parse([.. args, "--data-dir", _dir.Path]).InvokeAsync();

    [Fact]
    public async Task Create_prints_the_key_once_list_shows_no_secret_and_revoke_disables_it()
    {
        Assert.Equal(0, await Run("keys", "create", "--name", "billing", "--role", "service", "--expires", "2099-06-30"));
        var key = _out.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("lgk_", StringComparison.Ordinal));
        Assert.Contains("expires 2099-06-30 00:00Z", _out.ToString());

        var store = new LedgerStore(new LedgerOptions { DataDir = _dir.Path });
        var cache = new ApiKeyCache(new LedgerReader(store, TimeProvider.System), TimeProvider.System);
        await cache.ReloadAsync();
        Assert.Equal(ApiKeyCheck.Valid, cache.Check(key, out _));

        _out.GetStringBuilder().Clear();
        Assert.Equal(0, await Run("keys", "list"));
        var listing = _out.ToString();
        Assert.Contains("billing", listing);
        Assert.Contains("active", listing);
        Assert.DoesNotContain(key[4..], listing);

        Assert.Equal(0, await Run("keys", "revoke", "billing"));
        await cache.ReloadAsync();
        Assert.Equal(ApiKeyCheck.Revoked, cache.Check(key, out _));
        _out.GetStringBuilder().Clear();
        Assert.Equal(0, await Run("keys", "list"));
        Assert.Contains("revoked", _out.ToString());
    }

    [Theory]
    [InlineData("--role", "superuser", "role must be one of admin, operator, service, sales, auditor")]
    [InlineData("--expires", "next tuesday", "--expires: 'next tuesday' is not a date")]
    public async Task Bad_input_is_explained_and_creates_nothing(string option, string value, string message)
    {
        var args = new List<string> { "keys", "create", "--name", "x", "--role", "sales" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        Assert.Equal(1, await Run([.. args]));
        Assert.Contains(message, _out.ToString());
        Assert.Equal(0, await Run("keys", "revoke", "x") == 1 ? 0 : 1);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
