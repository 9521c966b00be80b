using Google.Protobuf;
using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Security;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// The sales role sees profiles, notes and segments but not one financial figure: responses, streams
/// and refusals are searched for the amounts the customer really has.
/// </summary>
public sealed class FieldProtectionTests
{
    private const long Sale = 987_654_321;
    private const long Credit = 123_456_789;

    [Fact]
    public async Task Sales_gets_profiles_and_segments_without_any_financial_figure()
    {
        await using var f = await SecurityFixture.StartAsync();
        var customer = await f.CustomerWithMoneyAsync(Sale, Credit);
        Assert.Equal(Sale, customer.SalesTotalMinor);
        var sales = await f.As(LedgerRoles.Sales);
        var ledger = new CustomerLedger.CustomerLedgerClient(sales);
        var segments = new Segments.SegmentsClient(sales);
        await ledger.AddNoteAsync(new AddNoteRequest { CustomerId = customer.Id, Channel = NoteChannel.Visit, Text = "visited" });
        await new Segments.SegmentsClient(f.Server.Connect()).SetOverrideAsync(new SetOverrideRequest { CustomerId = customer.Id, Dimension = "value_tier", Segment = "high_value", Reason = "key account" });

        var seen = new List<IMessage>
        {
            await ledger.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id }),
            await ledger.ListCustomersAsync(new ListCustomersRequest()),
            await ledger.ListNotesAsync(new ListNotesRequest { CustomerId = customer.Id }),
            await ledger.FindDuplicatesAsync(new FindDuplicatesRequest()),
            await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer.Id }),
            await segments.ListDimensionsAsync(new ListDimensionsRequest()),
            await segments.GetDistributionAsync(new GetDistributionRequest()),
            await segments.ListMembersAsync(new ListMembersRequest { Dimension = "value_tier", Segment = customer.Id > 0 ? (await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer.Id })).Assignments.First(a => a.Dimension == "value_tier").Segment : "" }),
            await segments.GetHistoryAsync(new GetHistoryRequest { CustomerId = customer.Id }),
            await segments.ListOverridesAsync(new ListOverridesRequest()),
        };
        using (var export = ledger.ExportCustomers(new ExportCustomersRequest()))
        {
            await foreach (var c in export.ResponseStream.ReadAllAsync())
            {
                seen.Add(c);
            }
        }

        foreach (var dimension in (await segments.ListDimensionsAsync(new ListDimensionsRequest())).Dimensions)
        {
            seen.Add(await segments.ExplainAsync(new ExplainRequest { CustomerId = customer.Id, Dimension = dimension.Name }));
        }

        using (var batch = segments.ClassifyBatch())
        {
            await batch.RequestStream.WriteAsync(new ClassifyRequest { CustomerId = customer.Id });
            await batch.RequestStream.CompleteAsync();
            await foreach (var answer in batch.ResponseStream.ReadAllAsync())
            {
                seen.Add(answer);
            }
        }

        Assert.Contains(seen, m => m is Customer c && c.Name == "杭州云帆网络有限公司" && c.Phone == "13800138000");
        Assert.Contains(seen, m => m is ExplainResponse e && e.Rules.Count > 0);
        Assert.Contains(seen, m => m is ListOverridesResponse o && o.Overrides.Single().Reason == "key account");
        foreach (var message in seen)
        {
            var text = JsonFormatter.Default.Format(message);
            foreach (var figure in Figures(customer))
            {
                Assert.DoesNotContain(figure, text);
            }
        }

        Assert.All(seen.OfType<Customer>(), c => Assert.Equal(new Customer(), StripProfile(c)));
        Assert.All(seen.OfType<ExplainResponse>(), e => Assert.Equal("", e.FeaturesJson));
    }

    [Fact]
    public async Task Financial_rpcs_are_refused_to_sales_without_echoing_a_figure()
    {
        await using var f = await SecurityFixture.StartAsync();
        var customer = await f.CustomerWithMoneyAsync(Sale, Credit);
        var ledger = new CustomerLedger.CustomerLedgerClient(await f.As(LedgerRoles.Sales));
        var calls = new Func<Task>[]
        {
            () => ledger.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = customer.Id }).ResponseAsync,
            () => ledger.ListInvoicesAsync(new ListInvoicesRequest { CustomerId = customer.Id }).ResponseAsync,
            () => ledger.GetReceivablesAsync(new GetReceivablesRequest { CustomerId = customer.Id }).ResponseAsync,
            () => ledger.GetCreditAsync(new GetCreditRequest { CustomerId = customer.Id }).ResponseAsync,
            () => ledger.RecordPaymentAsync(new RecordPaymentRequest { CustomerId = customer.Id, AmountMinor = Sale }).ResponseAsync,
            () => ledger.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = customer.Id, LimitMinor = Credit }).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
            Assert.All(Figures(customer), figure => Assert.DoesNotContain(figure, e.Status.Detail));
        }
    }

    [Fact]
    public void The_protected_fields_are_found_by_name_in_every_message()
    {
        var customerFields = Customer.Descriptor.Fields.InFieldNumberOrder().Where(FinancialFields.IsFinancial).Select(d => d.Name);
        Assert.Equal(
            ["sales_total_minor", "refund_total_minor", "transaction_count", "outstanding_minor", "credit_balance_minor", "written_off_minor",
             "has_credit_limit", "credit_limit_minor", "credit_used_minor", "credit_utilisation_bp"],
            customerFields);
        Assert.Contains(SegmentCount.Descriptor.Fields.InFieldNumberOrder(), FinancialFields.IsFinancial);
        Assert.Contains(ExplainResponse.Descriptor.Fields.InFieldNumberOrder(), FinancialFields.IsFinancial);
        Assert.Contains(RuleExplanation.Descriptor.Fields.InFieldNumberOrder(), FinancialFields.IsFinancial);
    }

    // The customer's real figures as they could appear: minor units and yuan.
    private static IEnumerable<string> Figures(Customer c) =>
        new[] { c.SalesTotalMinor, c.CreditLimitMinor, c.OutstandingMinor, c.CreditUsedMinor }
            .Where(v => v > 0)
            .SelectMany(v => new[] { v.ToString(System.Globalization.CultureInfo.InvariantCulture), (v / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), (v / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) });

    // What is left of a customer once its profile (non-financial) fields are cleared: must be empty.
    private static Customer StripProfile(Customer c)
    {
        var copy = c.Clone();
        foreach (var field in Customer.Descriptor.Fields.InFieldNumberOrder().Where(d => !FinancialFields.IsFinancial(d)))
        {
            field.Accessor.Clear(copy);
        }

        return copy;
    }
}
