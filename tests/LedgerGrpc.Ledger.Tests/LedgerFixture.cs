using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerGrpc.Ledger.Tests;

/// <summary>A real ledger.db in a temp dir with a writer and fake clock, for one test.</summary>
internal sealed class LedgerFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("ledger-unit");

    public LedgerFixture(bool groupCommit = true, params ILedgerCommitHook[] hooks)
    {
        Options = new LedgerOptions { DataDir = _dir.Path, GroupCommit = groupCommit };
        Store = new LedgerStore(Options);
        Writer = new LedgerWriter(Store, Clock, hooks, NullLogger<LedgerWriter>.Instance);
        Reader = new LedgerReader(Store, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public LedgerOptions Options { get; }

    public LedgerStore Store { get; }

    public LedgerWriter Writer { get; }

    public LedgerReader Reader { get; }

    public string DataDir => _dir.Path;

    public Task<T> Run<T>(LedgerCommand<T> command) => Writer.ExecuteAsync(command, "tester");

    public Task<Customer> CreateCustomer(string externalRef, string name = "Acme 有限公司", string phone = "", string email = "", string taxId = "") =>
        Run(new CreateCustomer(new CustomerFields
        {
            ExternalRef = externalRef,
            Name = name,
            Type = CustomerType.Enterprise,
            Phone = phone,
            Email = email,
            TaxId = taxId,
        }));

    public RecordTransaction Sale(long customerId, long amount, string? key = null, string currency = "CNY", int quantity = 1) => new()
    {
        CustomerId = customerId,
        Kind = TransactionKind.Sale,
        AmountMinor = amount,
        Currency = currency,
        Product = "widget",
        Quantity = quantity,
        OccurredAt = Clock.GetUtcNow().UtcDateTime,
        IdempotencyKey = key,
    };

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
