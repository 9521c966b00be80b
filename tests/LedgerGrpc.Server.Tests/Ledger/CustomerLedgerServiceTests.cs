using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Ledger;
using LedgerGrpc.Testing;
using DuplicateReason = LedgerGrpc.Protos.Ledger.V1.DuplicateReason;
using LedgerGrpc.Protos.Ledger.V1;
using Grpc.Core;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>The CustomerLedger service through Grpc.Net.Client over a real server and SQLite ledger, on a fake clock.</summary>
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
        await using var f = await ServiceFixture.StartAsync();
        var svc = f.Service;
        var created = await svc.CreateCustomerAsync(NewCustomer("ext-1"));
        Assert.True(created.Id > 0);
        Assert.Equal("online", created.Attributes["channel"]);

        var byRef = await svc.GetCustomerAsync(new GetCustomerRequest { ExternalRef = "ext-1" });
        Assert.Equal(created.Id, byRef.Id);

        var updated = await svc.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = created.Id, Region = "north", Name = "ignored, not in mask", Attributes = { ["tier"] = "gold" } },
            UpdateMask = new FieldMask { Paths = { "region", "attributes" } },
        });
        Assert.Equal("north", updated.Region);
        Assert.Equal("上海星辰贸易有限公司", updated.Name);
        Assert.Equal(["tier"], updated.Attributes.Keys);

        await svc.CreateCustomerAsync(NewCustomer("ext-2", "Beijing Widgets Co., Ltd.") );
        var search = await svc.ListCustomersAsync(new ListCustomersRequest { Search = "widgets" });
        Assert.Equal(["ext-2"], search.Customers.Select(c => c.ExternalRef));
        var filtered = await svc.ListCustomersAsync(new ListCustomersRequest { AttributeFilters = { ["tier"] = "gold" } });
        Assert.Equal(["ext-1"], filtered.Customers.Select(c => c.ExternalRef));
        var page1 = await svc.ListCustomersAsync(new ListCustomersRequest { PageSize = 1 });
        var page2 = await svc.ListCustomersAsync(new ListCustomersRequest { PageSize = 1, PageToken = page1.NextPageToken });
        Assert.Equal(["ext-1", "ext-2"], page1.Customers.Concat(page2.Customers).Select(c => c.ExternalRef));
        Assert.Equal("", page2.NextPageToken);

        var archived = await svc.ArchiveCustomerAsync(new ArchiveCustomerRequest { Id = created.Id });
        Assert.True(archived.Archived);
        var active = await svc.ListCustomersAsync(new ListCustomersRequest());
        Assert.Equal(["ext-2"], active.Customers.Select(c => c.ExternalRef));
    }

    [Fact]
    public async Task Search_finds_customers_by_external_ref_tax_id_and_normalised_name()
    {
        await using var f = await ServiceFixture.StartAsync();
        var svc = f.Service;
        await svc.CreateCustomerAsync(NewCustomer("ext-1"));
        var widgets = NewCustomer("acct-7731", "Beijing Widgets Co., Ltd.");
        widgets.TaxId = "";
        widgets.Phone = "";
        widgets.Email = "sales@widgets.example";
        await svc.CreateCustomerAsync(widgets);

        async Task<string[]> Find(string search) => (await svc.ListCustomersAsync(new ListCustomersRequest { Search = search })).Customers.Select(c => c.ExternalRef).ToArray();

        Assert.Equal(["acct-7731"], await Find("7731"));
        Assert.Equal(["ext-1"], await Find("MA1FL4XQ"));
        Assert.Equal(["ext-1"], await Find("星辰贸易公司"));
        Assert.Equal(["acct-7731"], await Find("ＷＩＤＧＥＴＳ"));
        Assert.Empty(await Find("星辰 widgets"));
    }

    [Fact]
    public async Task Search_finds_phones_and_emails_in_their_normalised_forms()
    {
        await using var f = await ServiceFixture.StartAsync();
        var svc = f.Service;
        await svc.CreateCustomerAsync(NewCustomer("ext-1")); // phone "+86 138 0013 8000", buyer@xingchen.example
        var other = NewCustomer("ext-2", "Beijing Widgets Co., Ltd.");
        other.TaxId = "";
        other.Phone = "010-6552 8811";
        other.Email = "Sales@Widgets.Example";
        await svc.CreateCustomerAsync(other);

        async Task<string[]> Find(string search) => (await svc.ListCustomersAsync(new ListCustomersRequest { Search = search })).Customers.Select(c => c.ExternalRef).ToArray();

        Assert.Equal(["ext-1"], await Find("13800138000"));
        Assert.Equal(["ext-1"], await Find("138-0013-8000"));
        Assert.Equal(["ext-1"], await Find("+86 (138) 0013 8000"));
        Assert.Equal(["ext-1"], await Find("１３８００１３８０００"));
        Assert.Equal(["ext-2"], await Find("01065528811"));
        Assert.Equal(["ext-2"], await Find("6552-8811"));
        Assert.Equal(["ext-1"], await Find("ＢＵＹＥＲ＠ＸＩＮＧＣＨＥＮ"));
        Assert.Equal(["ext-2"], await Find("sales@widgets.example"));
        // Too few digits to be a phone: only the raw text is searched, and "8-0" is in neither phone as written.
        Assert.Empty(await Find("8-0"));
    }

    [Fact]
    public async Task Receivables_payments_oldest_first_overpayment_credit_write_off_and_aging()
    {
        await using var f = await ServiceFixture.StartAsync();
        var svc = f.Service;
        var c = await svc.CreateCustomerAsync(NewCustomer("ext-1"));
        Invoice Issue(long amount, Date issued, int terms) => svc.IssueInvoiceAsync(new IssueInvoiceRequest
        {
            CustomerId = c.Id, AmountMinor = amount, Currency = "CNY", IssueDate = issued, PaymentTermsDays = terms,
        }).GetAwaiter().GetResult();

        var a = Issue(10_000, D(2026, 1, 1), 30); // due 01-31
        var b = Issue(20_000, D(2026, 2, 1), 30); // due 03-03
        var cInv = Issue(30_000, D(2026, 4, 1), 30); // due 05-01
        var d = Issue(40_000, D(2026, 5, 20), 60); // due 07-19, not yet due on 06-01

        // 15,000 with no invoices named: pays a (10,000) then 5,000 of b (oldest due first).
        var payment = await svc.RecordPaymentAsync(new RecordPaymentRequest { CustomerId = c.Id, AmountMinor = 15_000, Currency = "CNY", ReceivedDate = D(2026, 3, 10) });
        Assert.Equal([(a.Id, 10_000L), (b.Id, 5_000L)], payment.Allocations.Select(x => (x.InvoiceId, x.AmountMinor)));
        Assert.Equal(0, payment.UnappliedMinor);

        await svc.WriteOffInvoiceAsync(new WriteOffInvoiceRequest { InvoiceId = b.Id, Reason = "customer insolvent", WriteOffDate = D(2026, 5, 15) });

        var r = await svc.GetReceivablesAsync(new GetReceivablesRequest { CustomerId = c.Id, AsOf = D(2026, 6, 1) });
        Assert.Equal(70_000, r.OutstandingMinor);
        Assert.Equal(40_000, r.CurrentMinor);
        Assert.Equal(30_000, r.Days3160Minor); // c: 31 days past due
        Assert.Equal(31, r.OldestOverdueDays);
        Assert.Equal(15_000, r.WrittenOffMinor);

        // As of 2026-04-15: b (due 03-03) is 43 days past due with 15,000 owed; nothing written off yet.
        var earlier = await svc.GetReceivablesAsync(new GetReceivablesRequest { CustomerId = c.Id, AsOf = D(2026, 4, 15) });
        Assert.Equal(15_000, earlier.Days3160Minor);
        Assert.Equal(30_000, earlier.CurrentMinor);
        Assert.Equal(0, earlier.WrittenOffMinor);
        Assert.Equal(43, earlier.OldestOverdueDays);

        // Paying d by name with too much: the rest is kept as credit.
        var over = await svc.RecordPaymentAsync(new RecordPaymentRequest { CustomerId = c.Id, AmountMinor = 45_000, Currency = "CNY", ReceivedDate = D(2026, 6, 1), InvoiceIds = { d.Id } });
        Assert.Equal(5_000, over.UnappliedMinor);
        var customer = await svc.GetCustomerAsync(new GetCustomerRequest { Id = c.Id });
        Assert.Equal(30_000, customer.OutstandingMinor);
        Assert.Equal(5_000, customer.CreditBalanceMinor);
        Assert.Equal(15_000, customer.WrittenOffMinor);

        var credit = await svc.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = c.Id, LimitMinor = 120_000 });
        Assert.Equal(30_000, credit.UsedMinor);
        Assert.Equal(90_000, credit.AvailableMinor);
        Assert.Equal(2_500, credit.UtilisationBp);
        var open = await svc.ListInvoicesAsync(new ListInvoicesRequest { CustomerId = c.Id, OpenOnly = true });
        Assert.Equal([cInv.Id], open.Invoices.Select(i => i.Id));
    }

    [Fact]
    public async Task Notes_duplicates_merge_and_backup()
    {
        await using var f = await ServiceFixture.StartAsync();
        var svc = f.Service;
        var a = await svc.CreateCustomerAsync(NewCustomer("ext-1", "深圳市华彩科技有限公司"));
        var dupRequest = NewCustomer("ext-2", "深圳市华彩科技");
        dupRequest.Phone = "13900001111";
        dupRequest.Email = "other@example.com";
        dupRequest.TaxId = "";
        var b = await svc.CreateCustomerAsync(dupRequest);
        await svc.RecordTransactionAsync(new RecordTransactionRequest
        {
            CustomerId = b.Id, Kind = TransactionKind.Sale, AmountMinor = 999, Currency = "CNY", Quantity = 1,
            OccurredAt = Timestamp.FromDateTime(f.Clock.GetUtcNow().UtcDateTime),
        });
        var note = await svc.AddNoteAsync(new AddNoteRequest { CustomerId = b.Id, Channel = NoteChannel.Phone, Text = "回访：客户满意" });
        // The fixture calls with the admin key: its x-ledger-actor ("tester") is ignored, the key is the author.
        Assert.Equal("key:admin", note.Author);

        var dups = await svc.FindDuplicatesAsync(new FindDuplicatesRequest());
        var nameGroup = Assert.Single(dups.Groups);
        Assert.Equal(DuplicateReason.Name, nameGroup.Reason);
        Assert.Equal([a.Id, b.Id], nameGroup.CustomerIds);

        var merged = await svc.MergeCustomersAsync(new MergeCustomersRequest { SurvivingCustomerId = a.Id, MergedCustomerId = b.Id, Reason = "same company" });
        Assert.Equal(1, merged.MovedTransactions);
        Assert.Equal(1, merged.MovedNotes);
        Assert.Equal(999, merged.Customer.SalesTotalMinor);
        var notes = await svc.ListNotesAsync(new ListNotesRequest { CustomerId = a.Id });
        Assert.Equal([note.Id], notes.Notes.Select(n => n.Id));
        var gone = await svc.GetCustomerAsync(new GetCustomerRequest { Id = b.Id });
        Assert.True(gone.Archived);
        Assert.Equal(a.Id, gone.MergedIntoId);
        Assert.Empty((await svc.FindDuplicatesAsync(new FindDuplicatesRequest())).Groups);

        var backup = await svc.BackupAsync(new BackupRequest { FileName = "copy.db" });
        Assert.True(backup.SizeBytes > 0);
        var bad = await Assert.ThrowsAsync<RpcException>(() => svc.BackupAsync(new BackupRequest { FileName = "../escape.db" }).ResponseAsync);
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
        await using var f = await ServiceFixture.StartAsync();
        var c = await f.Service.CreateCustomerAsync(NewCustomer("ext-1"));
        var now = Timestamp.FromDateTime(f.Clock.GetUtcNow().UtcDateTime);
        var requests = Enumerable.Range(0, 10).Select(i => new RecordTransactionRequest
        {
            CustomerId = i == 3 ? 12345 : c.Id, Kind = TransactionKind.Sale, AmountMinor = i == 5 ? -1 : 100, Currency = "CNY", Quantity = 1, OccurredAt = now,
        }).ToList();
        using var call = f.Service.RecordTransactions();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(8, response.Recorded);
        Assert.Equal(2, response.Failed);
        Assert.Equal((int)StatusCode.NotFound, response.Results[3].Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Results[5].Error.Code);
        Assert.Equal(Enumerable.Range(0, 10), response.Results.Select(r => r.Index));
        Assert.Equal(800, (await f.Service.GetCustomerAsync(new GetCustomerRequest { Id = c.Id })).SalesTotalMinor);
    }
}
