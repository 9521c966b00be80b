using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Security;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>Access:DisableAuthentication (benchmarks only): no credentials checked on loopback, refused anywhere else.</summary>
public sealed class UnauthenticatedBenchmarkTests
{
    private static readonly Dictionary<string, string?> Off = new() { [UnauthenticatedBenchmarkMode.Setting] = "true" };

    [Fact]
    public async Task With_authentication_off_on_loopback_every_call_runs_as_the_benchmark_admin_and_a_warning_is_logged()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await TestServerHost.StartAsync(Off, b => b.Logging.AddProvider(logs));
        Assert.Contains(logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("SECURITY IS OFF", StringComparison.Ordinal));

        using var channel = GrpcChannel.ForAddress(server.Address);
        // No key at all, and a garbage token: neither is looked at, because the authentication middleware is not there.
        var noKey = channel.Intercept(h => { h.Add("x-ledger-actor", "mallory"); return h; });
        var garbage = channel.Intercept(h => { h.Add("authorization", "Bearer not-a-key"); return h; });
        var ledger = new CustomerLedger.CustomerLedgerClient(noKey);
        var customer = await ledger.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-1", Name = "A", Type = CustomerType.Individual });
        var recorded = await new CustomerLedger.CustomerLedgerClient(garbage).RecordTransactionAsync(new RecordTransactionRequest
        {
            CustomerId = customer.Id, Kind = TransactionKind.Sale, AmountMinor = 12_345, Currency = "CNY", Product = "p", Quantity = 1,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
        Assert.Equal(12_345, recorded.AmountMinor);

        // Admin-like: admin-only RPCs answer; x-ledger-actor is ignored as for every non-service principal.
        var note = await ledger.AddNoteAsync(new AddNoteRequest { CustomerId = customer.Id, Channel = NoteChannel.Phone, Text = "called" });
        Assert.Equal(LedgerPrincipal.Name(LedgerPrincipal.UnauthenticatedBenchmark), note.Author);
        var audit = await new Api.Access.AccessClient(noKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { Action = "CreateCustomer" });
        Assert.Equal(["unauthenticated-benchmark"], audit.Entries.Select(e => e.Actor));
        Assert.Empty((await new Api.Access.AccessClient(noKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = "mallory" })).Entries);
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:0;http://0.0.0.0:0", "0.0.0.0:0")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://[::]:0", "[::]:0")]
    public async Task With_authentication_off_a_non_loopback_endpoint_stops_the_server_from_starting(string key, string value, string named)
    {
        var configuration = new Dictionary<string, string?>(Off) { [key] = value };
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestServerHost.StartAsync(configuration));
        var refusal = e as InvalidOperationException ?? e.InnerException as InvalidOperationException;
        Assert.NotNull(refusal);
        Assert.Contains("Access:DisableAuthentication=true", refusal.Message);
        Assert.Contains("loopback", refusal.Message);
        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public async Task Without_the_setting_the_same_calls_need_a_key()
    {
        await using var server = await TestServerHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var e = await Assert.ThrowsAsync<RpcException>(() => new CustomerLedger.CustomerLedgerClient(channel)
            .CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-1", Name = "A", Type = CustomerType.Individual }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }
}
