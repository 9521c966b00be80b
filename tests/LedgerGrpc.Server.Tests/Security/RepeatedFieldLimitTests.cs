using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// Every repeated field a request may carry has a documented count limit answered with INVALID_ARGUMENT (issue 17 §4),
/// so a 4 MiB message of ids or names cannot make the server do unbounded work; a request at the limit is served.
/// </summary>
public sealed class RepeatedFieldLimitTests
{
    [Fact]
    public async Task Tags_invoice_ids_and_evaluate_dimensions_over_their_limits_are_invalid_argument_and_change_nothing()
    {
        await using var server = await TestServerHost.StartAsync();
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var segments = new Segments.SegmentsClient(server.Connect());
        var customer = await LedgerEndToEndTests.Create(ledger, "limits-1");

        var tags = new CreateCustomerRequest { ExternalRef = "limits-2", Name = "B", Type = CustomerType.Individual };
        tags.Tags.AddRange(Enumerable.Range(0, 33).Select(i => $"t{i}"));
        await AssertInvalid(() => ledger.CreateCustomerAsync(tags).ResponseAsync, "tags has 33 entries; the limit is 32");

        var payment = new RecordPaymentRequest
        {
            CustomerId = customer.Id, AmountMinor = 100, Currency = "CNY", ReceivedDate = new Date { Year = 2026, Month = 6, Day = 1 },
        };
        payment.InvoiceIds.AddRange(Enumerable.Range(1, 1001).Select(i => (long)i));
        await AssertInvalid(() => ledger.RecordPaymentAsync(payment).ResponseAsync, "invoice_ids has 1001 entries; the limit is 1000");
        payment.InvoiceIds.Clear();
        payment.InvoiceIds.AddRange([7, 7]);
        await AssertInvalid(() => ledger.RecordPaymentAsync(payment).ResponseAsync, "names an invoice more than once");
        Assert.Equal(0, (await ledger.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id })).CreditBalanceMinor);

        var dimensions = (await segments.ListDimensionsAsync(new ListDimensionsRequest())).Dimensions.Select(d => d.Name).ToList();
        var evaluate = new EvaluateRequest { FeaturesJson = "{}" };
        evaluate.Dimensions.AddRange(Enumerable.Repeat(dimensions[0], 65));
        await AssertInvalid(() => segments.EvaluateAsync(evaluate).ResponseAsync, "dimensions has 65 entries; the limit is 64");
        evaluate.Dimensions.Clear();
        evaluate.Dimensions.AddRange([dimensions[0], dimensions[0]]);
        await AssertInvalid(() => segments.EvaluateAsync(evaluate).ResponseAsync, "names a dimension more than once");
        evaluate.Dimensions.Clear();
        evaluate.Dimensions.AddRange(dimensions);
        Assert.Equal(dimensions.Count, (await segments.EvaluateAsync(evaluate)).Assignments.Count);
    }

    private static async Task AssertInvalid(Func<Task> call, string message)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(message, e.Status.Detail);
    }
}
