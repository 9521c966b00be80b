using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>ListMembers over the whole segment: every order both ways, paged two at a time, with and without a filter;
/// bad orders, filters and tokens refused; money orders refused to sales.</summary>
public sealed class ListMembersOrderTests
{
    // Name, spend, outstanding; spends and outstanding amounts repeat so that ties fall back to the id.
    private static readonly (string Name, string Ref, long Spend, long Outstanding)[] People =
    [
        ("Delta Trading", "sha-1", 50_000, 0),
        ("alpha works", "ord-2", 20_000, 7_000),
        ("Charlie Ltd", "ord-3", 90_000, 1_000),
        ("上海星辰贸易有限公司", "ord-4", 20_000, 7_000),
        ("bravo", "ord-5", 0, 0),
        ("Echo", "ord-6", 70_000, 3_000),
    ];

    [Fact]
    public async Task Every_order_both_ways_pages_through_the_whole_segment_and_the_filter_narrows_it()
    {
        await using var server = await TestServerHost.StartAsync();
        var (segments, ids, segment) = await SeedAsync(server, LedgerRoles.Operator);
        var byId = People.Select((p, i) => (Id: ids[i], p.Name, p.Ref, p.Spend, p.Outstanding)).ToList();

        var orders = new Dictionary<MemberOrder, Func<(long Id, string Name, string Ref, long Spend, long Outstanding), IComparable>>
        {
            [MemberOrder.Id] = p => p.Id,
            [MemberOrder.Name] = p => p.Name,
            [MemberOrder.Spend] = p => p.Spend,
            [MemberOrder.Outstanding] = p => p.Outstanding,
        };
        foreach (var (order, key) in orders)
        {
            foreach (var descending in new[] { false, true })
            {
                foreach (var filter in new[] { "", "ORD-", "ha" })
                {
                    var matching = byId.Where(p => p.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || p.Ref.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
                    var ascending = matching.OrderBy(key, OrdinalComparer.Instance).ThenBy(p => p.Id).Select(p => p.Id);
                    var expected = descending ? ascending.Reverse().ToList() : ascending.ToList();
                    var (listed, totals) = await PageAllAsync(segments, segment, order, descending, filter);
                    Assert.True(expected.SequenceEqual(listed), $"{order} desc={descending} filter='{filter}': [{string.Join(",", listed)}], expected [{string.Join(",", expected)}]");
                    Assert.All(totals, t => Assert.Equal(matching.Count, t));
                }
            }
        }

        // "ha" matches names (alpha, Charlie) and an external ref (sha-1), case-insensitively.
        var ha = await segments.ListMembersAsync(new ListMembersRequest { Dimension = "industry", Segment = segment, Filter = "HA", Order = MemberOrder.Name });
        Assert.Equal([ids[2], ids[0], ids[1]], ha.CustomerIds);
        Assert.Equal(3, ha.Total);
    }

    [Fact]
    public async Task Bad_orders_filters_and_tokens_are_invalid_argument_and_money_orders_are_refused_to_sales()
    {
        await using var server = await TestServerHost.StartAsync();
        var (segments, ids, segment) = await SeedAsync(server, LedgerRoles.Auditor);
        ListMembersRequest Request() => new() { Dimension = "industry", Segment = segment, PageSize = 2 };

        var byName = await segments.ListMembersAsync(new ListMembersRequest(Request()) { Order = MemberOrder.Name });
        Assert.NotEmpty(byName.NextPageToken);
        var refusals = new Dictionary<string, ListMembersRequest>
        {
            ["order"] = new(Request()) { Order = (MemberOrder)9 },
            ["filter"] = new(Request()) { Filter = new string('x', 101) },
            ["page_token"] = new(Request()) { Order = MemberOrder.Spend, PageToken = byName.NextPageToken },
            ["page_token "] = new(Request()) { Order = MemberOrder.Name, Filter = "a", PageToken = byName.NextPageToken },
            ["page_token  "] = new(Request()) { Order = MemberOrder.Name, PageToken = "not a token" },
        };
        foreach (var (field, request) in refusals)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => segments.ListMembersAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains(field.Trim(), error.Status.Detail, StringComparison.Ordinal);
        }

        // The same token with its own query gives the next page.
        var next = await segments.ListMembersAsync(new ListMembersRequest(Request()) { Order = MemberOrder.Name, PageToken = byName.NextPageToken });
        Assert.Equal(2, next.CustomerIds.Count);

        var sales = new Segments.SegmentsClient(server.Connect(key: await server.KeyAsync(LedgerRoles.Sales)));
        foreach (var order in new[] { MemberOrder.Spend, MemberOrder.Outstanding })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => sales.ListMembersAsync(new ListMembersRequest(Request()) { Order = order, Descending = true }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            Assert.Contains("sales", denied.Status.Detail, StringComparison.Ordinal);
        }

        var salesByName = await sales.ListMembersAsync(new ListMembersRequest(Request()) { Order = MemberOrder.Name, Filter = "o" });
        Assert.Equal(2, salesByName.CustomerIds.Count);
        Assert.Contains(ids[0], (await segments.ListMembersAsync(new ListMembersRequest(Request()) { Order = MemberOrder.Outstanding })).CustomerIds);
    }

    private static async Task<(List<long> Ids, List<long> Totals)> PageAllAsync(Segments.SegmentsClient segments, string segment, MemberOrder order, bool descending, string filter)
    {
        var ids = new List<long>();
        var totals = new List<long>();
        var token = "";
        do
        {
            var page = await segments.ListMembersAsync(new ListMembersRequest
            {
                Dimension = "industry", Segment = segment, PageSize = 2, PageToken = token, Order = order, Descending = descending, Filter = filter,
            });
            ids.AddRange(page.CustomerIds);
            totals.Add(page.Total);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return (ids, totals);
    }

    // Six customers in one industry segment with the spends and open invoices above; segments read with the role's key.
    private static async Task<(Segments.SegmentsClient Segments, List<long> Ids, string Segment)> SeedAsync(TestServerHost server, string role)
    {
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var ids = new List<long>();
        foreach (var (name, externalRef, spend, outstanding) in People)
        {
            var id = (await ledger.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = externalRef, Name = name, Type = CustomerType.Enterprise, Industry = "software" })).Id;
            ids.Add(id);
            if (spend > 0)
            {
                await ledger.RecordTransactionAsync(new RecordTransactionRequest
                {
                    CustomerId = id, Kind = TransactionKind.Sale, AmountMinor = spend, Currency = "CNY", Product = "licence", Quantity = 1,
                    OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-1)),
                });
            }

            if (outstanding > 0)
            {
                var today = DateTime.UtcNow;
                await ledger.IssueInvoiceAsync(new IssueInvoiceRequest
                {
                    CustomerId = id, AmountMinor = outstanding, Currency = "CNY", IssueDate = new Date { Year = today.Year, Month = today.Month, Day = today.Day }, PaymentTermsDays = 30,
                });
            }
        }

        var segments = new Segments.SegmentsClient(server.Connect(key: await server.KeyAsync(role)));
        var segment = (await segments.ClassifyAsync(new ClassifyRequest { CustomerId = ids[0] })).Assignments.Single(a => a.Dimension == "industry").Segment;
        foreach (var id in ids)
        {
            Assert.Equal(segment, (await segments.ClassifyAsync(new ClassifyRequest { CustomerId = id })).Assignments.Single(a => a.Dimension == "industry").Segment);
        }

        return (segments, ids, segment);
    }

    private sealed class OrdinalComparer : IComparer<IComparable>
    {
        public static readonly OrdinalComparer Instance = new();

        public int Compare(IComparable? x, IComparable? y) =>
            x is string a && y is string b ? string.CompareOrdinal(a, b) : Comparer<IComparable>.Default.Compare(x, y);
    }
}
