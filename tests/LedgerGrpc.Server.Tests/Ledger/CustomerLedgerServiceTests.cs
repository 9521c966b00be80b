using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Ledger;
using LedgerGrpc.Testing;
using DuplicateReason = LedgerGrpc.Protos.Ledger.V1.DuplicateReason;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Wire;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>The CustomerLedger service called directly (no transport) over a real SQLite ledger.</summary>
public sealed class CustomerLedgerServiceTests
{
    private static CreateCustomerRequest NewCustomer(string externalRef, string name = "上海星辰贸易有限公司") => new()
    {
        ExternalRef = externalRef,
        Name = name,
        Type = CustomerType.Enterprise,
        Industry = "retail",
        Region = "east",
        Phone = "+86 138 0013 8000",
        Email = "buyer@xingchen.example",
        TaxId = TaxIds.Complete("91310000MA1FL4XQ3"),
        Tags = { "vip" },
        Attributes = { ["channel"] = "online" },
    };

    private static Date D(int y, int m, int d) => new() { Year = y, Month = m, Day = d };

    [Fact]
    public async Task Customer_lifecycle_create_get_update_list_archive()
    {
        await using var f = new ServiceFixture();
        var svc = f.Service;
        var created = await svc.CreateCustomer(NewCustomer("ext-1"), f.Context);
        Assert.True(created.Id > 0);
        Assert.Equal("online", created.Attributes["channel"]);

        var byRef = await svc.GetCustomer(new GetCustomerRequest { ExternalRef = "ext-1" }, f.Context);
        Assert.Equal(created.Id, byRef.Id);

        var updated = await svc.UpdateCustomer(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = created.Id, Region = "north", Name = "ignored, not in mask", Attributes = { ["tier"] = "gold" } },
            UpdateMask = new FieldMask { Paths = { "region", "attributes" } },
        }, f.Context);
        Assert.Equal("north", updated.Region);
        Assert.Equal("上海星辰贸易有限公司", updated.Name);
        Assert.Equal(["tier"], updated.Attributes.Keys);

        await svc.CreateCustomer(NewCustomer("ext-2", "Beijing Widgets Co., Ltd.") , f.Context);
        var search = await svc.ListCustomers(new ListCustomersRequest { Search = "widgets" }, f.Context);
        Assert.Equal(["ext-2"], search.Customers.Select(c => c.ExternalRef));
        var filtered = await svc.ListCustomers(new ListCustomersRequest { AttributeFilters = { ["tier"] = "gold" } }, f.Context);
        Assert.Equal(["ext-1"], filtered.Customers.Select(c => c.ExternalRef));
        var page1 = await svc.ListCustomers(new ListCustomersRequest { PageSize = 1 }, f.Context);
        var page2 = await svc.ListCustomers(new ListCustomersRequest { PageSize = 1, PageToken = page1.NextPageToken }, f.Context);
        Assert.Equal(["ext-1", "ext-2"], page1.Customers.Concat(page2.Customers).Select(c => c.ExternalRef));
        Assert.Equal("", page2.NextPageToken);

        var archived = await svc.ArchiveCustomer(new ArchiveCustomerRequest { Id = created.Id }, f.Context);
        Assert.True(archived.Archived);
        var active = await svc.ListCustomers(new ListCustomersRequest(), f.Context);
        Assert.Equal(["ext-2"], active.Customers.Select(c => c.ExternalRef));
    }

    [Fact]
    public async Task Receivables_payments_oldest_first_overpayment_credit_write_off_and_aging()
    {
        await using var f = new ServiceFixture();
        var svc = f.Service;
        var c = await svc.CreateCustomer(NewCustomer("ext-1"), f.Context);
        Invoice Issue(long amount, Date issued, int terms) => svc.IssueInvoice(new IssueInvoiceRequest
        {
            CustomerId = c.Id, AmountMinor = amount, Currency = "CNY", IssueDate = issued, PaymentTermsDays = terms,
        }, f.Context).GetAwaiter().GetResult();

        var a = Issue(10_000, D(2026, 1, 1), 30); // due 01-31
        var b = Issue(20_000, D(2026, 2, 1), 30); // due 03-03
        var cInv = Issue(30_000, D(2026, 4, 1), 30); // due 05-01
        var d = Issue(40_000, D(2026, 5, 20), 60); // due 07-19, not yet due on 06-01

        // 15,000 with no invoices named: pays a (10,000) then 5,000 of b (oldest due first).
        var payment = await svc.RecordPayment(new RecordPaymentRequest { CustomerId = c.Id, AmountMinor = 15_000, Currency = "CNY", ReceivedDate = D(2026, 3, 10) }, f.Context);
        Assert.Equal([(a.Id, 10_000L), (b.Id, 5_000L)], payment.Allocations.Select(x => (x.InvoiceId, x.AmountMinor)));
        Assert.Equal(0, payment.UnappliedMinor);

        await svc.WriteOffInvoice(new WriteOffInvoiceRequest { InvoiceId = b.Id, Reason = "customer insolvent", WriteOffDate = D(2026, 5, 15) }, f.Context);

        var r = await svc.GetReceivables(new GetReceivablesRequest { CustomerId = c.Id, AsOf = D(2026, 6, 1) }, f.Context);
        Assert.Equal(70_000, r.OutstandingMinor);
        Assert.Equal(40_000, r.CurrentMinor);
        Assert.Equal(30_000, r.Days3160Minor); // c: 31 days past due
        Assert.Equal(31, r.OldestOverdueDays);
        Assert.Equal(15_000, r.WrittenOffMinor);

        // As of 2026-04-15: b (due 03-03) is 43 days past due with 15,000 owed; nothing written off yet.
        var earlier = await svc.GetReceivables(new GetReceivablesRequest { CustomerId = c.Id, AsOf = D(2026, 4, 15) }, f.Context);
        Assert.Equal(15_000, earlier.Days3160Minor);
        Assert.Equal(30_000, earlier.CurrentMinor);
        Assert.Equal(0, earlier.WrittenOffMinor);
        Assert.Equal(43, earlier.OldestOverdueDays);

        // Paying d by name with too much: the rest is kept as credit.
        var over = await svc.RecordPayment(new RecordPaymentRequest { CustomerId = c.Id, AmountMinor = 45_000, Currency = "CNY", ReceivedDate = D(2026, 6, 1), InvoiceIds = { d.Id } }, f.Context);
        Assert.Equal(5_000, over.UnappliedMinor);
        var customer = await svc.GetCustomer(new GetCustomerRequest { Id = c.Id }, f.Context);
        Assert.Equal(30_000, customer.OutstandingMinor);
        Assert.Equal(5_000, customer.CreditBalanceMinor);
        Assert.Equal(15_000, customer.WrittenOffMinor);

        var credit = await svc.SetCreditLimit(new SetCreditLimitRequest { CustomerId = c.Id, LimitMinor = 120_000 }, f.Context);
        Assert.Equal(30_000, credit.UsedMinor);
        Assert.Equal(90_000, credit.AvailableMinor);
        Assert.Equal(2_500, credit.UtilisationBp);
        var open = await svc.ListInvoices(new ListInvoicesRequest { CustomerId = c.Id, OpenOnly = true }, f.Context);
        Assert.Equal([cInv.Id], open.Invoices.Select(i => i.Id));
    }

    [Fact]
    public async Task Notes_duplicates_merge_and_backup()
    {
        await using var f = new ServiceFixture();
        var svc = f.Service;
        var a = await svc.CreateCustomer(NewCustomer("ext-1", "深圳市华彩科技有限公司"), f.Context);
        var dupRequest = NewCustomer("ext-2", "深圳市华彩科技");
        dupRequest.Phone = "13900001111";
        dupRequest.Email = "other@example.com";
        dupRequest.TaxId = "";
        var b = await svc.CreateCustomer(dupRequest, f.Context);
        await svc.RecordTransaction(new RecordTransactionRequest
        {
            CustomerId = b.Id, Kind = TransactionKind.Sale, AmountMinor = 999, Currency = "CNY", Quantity = 1,
            OccurredAt = Timestamp.FromDateTime(f.Clock.GetUtcNow().UtcDateTime),
        }, f.Context);
        var note = await svc.AddNote(new AddNoteRequest { CustomerId = b.Id, Channel = NoteChannel.Phone, Text = "回访：客户满意" }, f.Context);
        Assert.Equal("tester", note.Author);

        var dups = await svc.FindDuplicates(new FindDuplicatesRequest(), f.Context);
        var nameGroup = Assert.Single(dups.Groups);
        Assert.Equal(DuplicateReason.Name, nameGroup.Reason);
        Assert.Equal([a.Id, b.Id], nameGroup.CustomerIds);

        var merged = await svc.MergeCustomers(new MergeCustomersRequest { SurvivingCustomerId = a.Id, MergedCustomerId = b.Id, Reason = "same company" }, f.Context);
        Assert.Equal(1, merged.MovedTransactions);
        Assert.Equal(1, merged.MovedNotes);
        Assert.Equal(999, merged.Customer.SalesTotalMinor);
        var notes = await svc.ListNotes(new ListNotesRequest { CustomerId = a.Id }, f.Context);
        Assert.Equal([note.Id], notes.Notes.Select(n => n.Id));
        var gone = await svc.GetCustomer(new GetCustomerRequest { Id = b.Id }, f.Context);
        Assert.True(gone.Archived);
        Assert.Equal(a.Id, gone.MergedIntoId);
        Assert.Empty((await svc.FindDuplicates(new FindDuplicatesRequest(), f.Context)).Groups);

        var backup = await svc.Backup(new BackupRequest { FileName = "copy.db" }, f.Context);
        Assert.True(backup.SizeBytes > 0);
        var bad = await Assert.ThrowsAsync<RpcException>(() => svc.Backup(new BackupRequest { FileName = "../escape.db" }, f.Context));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);

        // The backup is a complete ledger on its own.
        using var restoredDir = new TempDirectory("ledger-restored");
        File.Copy(backup.Path, Path.Combine(restoredDir.Path, "ledger.db"));
        var restored = new LedgerReader(new LedgerStore(new LedgerOptions { DataDir = restoredDir.Path }), f.Clock);
        Assert.Equal(999, (await restored.GetCustomerAsync(a.Id)).SalesTotalMinor);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Record_transactions_stream_gives_a_result_per_item()
    {
        await using var f = new ServiceFixture();
        var c = await f.Service.CreateCustomer(NewCustomer("ext-1"), f.Context);
        var now = Timestamp.FromDateTime(f.Clock.GetUtcNow().UtcDateTime);
        var requests = Enumerable.Range(0, 10).Select(i => new RecordTransactionRequest
        {
            CustomerId = i == 3 ? 12345 : c.Id, Kind = TransactionKind.Sale, AmountMinor = i == 5 ? -1 : 100, Currency = "CNY", Quantity = 1, OccurredAt = now,
        }).ToList();
        var response = await f.Service.RecordTransactions(new ListReader<RecordTransactionRequest>(requests), f.Context);
        Assert.Equal(8, response.Recorded);
        Assert.Equal(2, response.Failed);
        Assert.Equal((int)StatusCode.NotFound, response.Results[3].Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Results[5].Error.Code);
        Assert.Equal(Enumerable.Range(0, 10), response.Results.Select(r => r.Index));
        Assert.Equal(800, (await f.Service.GetCustomer(new GetCustomerRequest { Id = c.Id }, f.Context)).SalesTotalMinor);
    }

    private sealed class ListReader<T>(IReadOnlyList<T> items) : IAsyncStreamReader<T>
    {
        private int _next = -1;

        public T Current => items[_next];

        public Task<bool> MoveNext(CancellationToken cancellationToken = default) => Task.FromResult(++_next < items.Count);
    }
}
