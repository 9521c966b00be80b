using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>A real server on a fake clock with clients per role.</summary>
internal sealed class SecurityFixture : IAsyncDisposable
{
    private SecurityFixture(TestServerHost server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
    }

    public TestServerHost Server { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<SecurityFixture> StartAsync(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var server = await TestServerHost.StartAsync(configuration, b => b.Services.AddSingleton<TimeProvider>(clock));
        return new SecurityFixture(server, clock);
    }

    public async Task<CallInvoker> As(string role, string? actor = null) => Server.Connect(actor, await Server.KeyAsync(role));

    public CallInvoker WithKey(string key) => Server.Connect(key: key);

    public async Task<Customer> CustomerWithMoneyAsync(long saleMinor, long creditMinor)
    {
        var ledger = new CustomerLedger.CustomerLedgerClient(Server.Connect());
        var customer = await ledger.CreateCustomerAsync(new CreateCustomerRequest
        {
            ExternalRef = "c-money", Name = "杭州云帆网络有限公司", Type = CustomerType.Enterprise, Phone = "13800138000", Industry = "software",
        });
        await ledger.RecordTransactionAsync(new RecordTransactionRequest
        {
            CustomerId = customer.Id, Kind = TransactionKind.Sale, AmountMinor = saleMinor, Currency = "CNY", Product = "licence", Quantity = 1,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Clock.GetUtcNow()),
        });
        await ledger.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = customer.Id, LimitMinor = creditMinor, Currency = "CNY" });
        await ledger.IssueInvoiceAsync(new IssueInvoiceRequest
        {
            CustomerId = customer.Id, AmountMinor = saleMinor / 3, Currency = "CNY", IssueDate = new Date { Year = 2026, Month = 5, Day = 20 }, PaymentTermsDays = 30,
        });
        return await ledger.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id });
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
