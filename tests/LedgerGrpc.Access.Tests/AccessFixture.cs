using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerGrpc.Access.Tests;

/// <summary>A real ledger.db in a temp dir with the key cache and manager over it, on a fake clock.</summary>
internal sealed class AccessFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("access-unit");

    public AccessFixture()
    {
        Options = new LedgerOptions { DataDir = _dir.Path };
        var store = new LedgerStore(Options);
        Writer = new LedgerWriter(store, Clock, [], NullLogger<LedgerWriter>.Instance);
        Reader = new LedgerReader(store, Clock);
        Cache = new ApiKeyCache(Reader, Clock);
        Keys = new ApiKeyManager(Writer, Reader, Cache);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public LedgerOptions Options { get; }

    public LedgerWriter Writer { get; }

    public LedgerReader Reader { get; }

    public ApiKeyCache Cache { get; }

    public ApiKeyManager Keys { get; }

    public string DataDir => _dir.Path;

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
