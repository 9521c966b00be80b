using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Ledger.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Ledger.Tests;

public sealed class LedgerWriterTests
{
    [Fact]
    public async Task Recorded_transaction_is_stored_and_updates_running_totals()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var sale = await ledger.Run(ledger.Sale(customer.Id, 12_345));
        var refund = await ledger.Run(ledger.Sale(customer.Id, 345));
        await ledger.Run(new RecordTransaction
        {
            CustomerId = customer.Id, Kind = TransactionKind.Refund, AmountMinor = 45, Currency = "CNY", Quantity = 1,
            OccurredAt = ledger.Clock.GetUtcNow().UtcDateTime,
        });

        var stored = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal(12_345 + 345, stored.SalesTotalMinor);
        Assert.Equal(45, stored.RefundTotalMinor);
        Assert.Equal(3, stored.TransactionCount);
        var page = await ledger.Reader.ListTransactionsAsync(customer.Id, 10, "");
        Assert.Equal([sale.Id, refund.Id, page.Items[2].Id], page.Items.Select(t => t.Id));
        Assert.Equal(12_345, page.Items[0].AmountMinor);
    }

    [Fact]
    public async Task Concurrent_commands_commit_together_and_a_refused_one_rolls_back_alone()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var tasks = new List<Task<Transaction>>();
        for (var i = 0; i < 500; i++)
        {
            // Every tenth targets a customer that does not exist: NOT_FOUND, nothing of it stored.
            tasks.Add(ledger.Run(ledger.Sale(i % 10 == 0 ? 999_999 : customer.Id, 100 + i)));
        }

        var outcomes = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                await t;
                return (LedgerErrorCode?)null;
            }
            catch (LedgerException e)
            {
                return e.Code;
            }
        }));
        Assert.Equal(50, outcomes.Count(o => o == LedgerErrorCode.NotFound));
        Assert.Equal(450, outcomes.Count(o => o is null));
        var stored = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal(450, stored.TransactionCount);
        long expected = Enumerable.Range(0, 500).Where(i => i % 10 != 0).Sum(i => 100L + i);
        Assert.Equal(expected, stored.SalesTotalMinor);
        await using var db = ledger.Store.OpenRead();
        Assert.Equal(450, await db.Transactions.CountAsync());
        Assert.Equal(450, await db.AuditEntries.CountAsync(a => a.Action == "RecordTransaction"));
    }

    [Fact]
    public async Task Totals_held_for_a_batch_are_written_before_commands_that_read_customers()
    {
        await using var ledger = new LedgerFixture();
        var a = await ledger.CreateCustomer("a", name: "Alpha");
        var b = await ledger.CreateCustomer("b", name: "Beta");
        // Queued back to back so they share batches: sales to b, the merge of b into a, sales to a.
        var tasks = new List<Task>();
        tasks.AddRange(Enumerable.Range(0, 100).Select(_ => ledger.Run(ledger.Sale(b.Id, 3))));
        tasks.Add(ledger.Run(new MergeCustomers { SurvivingCustomerId = a.Id, MergedCustomerId = b.Id }));
        tasks.AddRange(Enumerable.Range(0, 100).Select(_ => ledger.Run(ledger.Sale(a.Id, 5))));
        var late = ledger.Run(ledger.Sale(b.Id, 7));
        await Task.WhenAll(tasks);
        var error = await Assert.ThrowsAsync<LedgerException>(() => late);
        Assert.Equal(LedgerErrorCode.FailedPrecondition, error.Code);

        var survivor = await ledger.Reader.GetCustomerAsync(a.Id);
        Assert.Equal(100 * 3 + 100 * 5, survivor.SalesTotalMinor);
        Assert.Equal(200, survivor.TransactionCount);
        Assert.Equal(0, (await ledger.Reader.GetCustomerAsync(b.Id)).TransactionCount);
    }

    [Fact]
    public async Task Retry_with_same_idempotency_key_returns_original_and_records_nothing_new()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var first = await ledger.Run(ledger.Sale(customer.Id, 500, key: "k-1"));
        var again = await ledger.Run(ledger.Sale(customer.Id, 500, key: "k-1"));
        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.Run(ledger.Sale(customer.Id, 501, key: "k-1")));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(LedgerErrorCode.AlreadyExists, error.Code);
        Assert.Contains("idempotency_key", error.Message);
        var stored = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal(1, stored.TransactionCount);
        Assert.Equal(500, stored.SalesTotalMinor);
    }

    [Fact]
    public async Task Same_key_twice_in_one_batch_records_once()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ledger.Run(ledger.Sale(customer.Id, 7, key: "same"))));
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal(1, (await ledger.Reader.GetCustomerAsync(customer.Id)).TransactionCount);
    }

    [Theory]
    [InlineData(0, "CNY", 1, "amount_minor")]
    [InlineData(-5, "CNY", 1, "amount_minor")]
    [InlineData(100, "USD", 1, "currency")]
    [InlineData(100, "", 1, "currency")]
    [InlineData(100, "CNY", 0, "quantity")]
    public async Task Invalid_transaction_is_refused_naming_the_field(long amount, string currency, int quantity, string field)
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var error = Assert.Throws<LedgerException>(() =>
            ledger.Run(ledger.Sale(customer.Id, amount, currency: currency, quantity: quantity)).GetAwaiter().GetResult());
        Assert.Equal(LedgerErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith(field, error.Message);
        Assert.Equal(0, (await ledger.Reader.GetCustomerAsync(customer.Id)).TransactionCount);
    }

    [Fact]
    public async Task Total_that_would_overflow_is_refused_and_nothing_changes()
    {
        await using var ledger = new LedgerFixture();
        // Only reachable past the per-command maximum (or with ~9 million sales at the default one).
        ledger.Options.MaxAmountMinor = long.MaxValue;
        var customer = await ledger.CreateCustomer("c-1");
        await ledger.Run(ledger.Sale(customer.Id, long.MaxValue - 10));
        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.Run(ledger.Sale(customer.Id, 11)));
        Assert.Equal(LedgerErrorCode.OutOfRange, error.Code);
        var stored = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal(long.MaxValue - 10, stored.SalesTotalMinor);
        Assert.Equal(1, stored.TransactionCount);
    }

    [Fact]
    public async Task Refund_larger_than_net_sales_is_failed_precondition_naming_the_amounts_and_changes_nothing()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var none = await Assert.ThrowsAsync<LedgerException>(() => ledger.Run(Refund(ledger, customer.Id, 1_000_000_000_000)));
        Assert.Equal(LedgerErrorCode.FailedPrecondition, none.Code);
        Assert.Contains("refund of 1000000000000", none.Message);
        Assert.Contains("net sales of 0", none.Message);

        await ledger.Run(ledger.Sale(customer.Id, 1_000));
        await ledger.Run(Refund(ledger, customer.Id, 400));
        var over = await Assert.ThrowsAsync<LedgerException>(() => ledger.Run(Refund(ledger, customer.Id, 601)));
        Assert.Equal(LedgerErrorCode.FailedPrecondition, over.Code);
        Assert.Contains("net sales of 600 (sales 1000, refunded 400)", over.Message);
        await ledger.Run(Refund(ledger, customer.Id, 600));

        var stored = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal((1_000L, 1_000L, 3L), (stored.SalesTotalMinor, stored.RefundTotalMinor, stored.TransactionCount));
    }

    [Fact]
    public async Task Refunds_queued_together_are_checked_against_the_batch_so_far()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        await ledger.Run(ledger.Sale(customer.Id, 1_000));
        // Ten refunds of 150 queued at once (group commit puts them in one or a few batches): six fit, four do not.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await ledger.Run(Refund(ledger, customer.Id, 150));
                return (LedgerErrorCode?)null;
            }
            catch (LedgerException e)
            {
                return e.Code;
            }
        }));
        Assert.Equal(6, outcomes.Count(o => o is null));
        Assert.Equal(4, outcomes.Count(o => o == LedgerErrorCode.FailedPrecondition));
        Assert.Equal(900, (await ledger.Reader.GetCustomerAsync(customer.Id)).RefundTotalMinor);
    }

    [Fact]
    public async Task Amount_above_the_documented_maximum_is_invalid_argument_for_sales_invoices_and_payments()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var max = LedgerOptions.DefaultMaxAmountMinor;
        await ledger.Run(ledger.Sale(customer.Id, max));
        var commands = new Func<Task>[]
        {
            () => ledger.Run(ledger.Sale(customer.Id, long.MaxValue)),
            () => ledger.Run(ledger.Sale(customer.Id, max + 1)),
            () => ledger.Run(new IssueInvoice { CustomerId = customer.Id, AmountMinor = max + 1, Currency = "CNY", IssueDate = new DateOnly(2026, 3, 1), PaymentTermsDays = 30 }),
            () => ledger.Run(new RecordPayment { CustomerId = customer.Id, AmountMinor = long.MaxValue, Currency = "CNY", ReceivedDate = new DateOnly(2026, 3, 1) }),
        };
        foreach (var command in commands)
        {
            var error = await Assert.ThrowsAsync<LedgerException>(command);
            Assert.Equal(LedgerErrorCode.InvalidArgument, error.Code);
            Assert.StartsWith("amount_minor is ", error.Message);
            Assert.Contains($"the most one command may carry is {max} minor units (Ledger:MaxAmountMinor)", error.Message);
        }

        var stored = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal((max, 1L, 0L), (stored.SalesTotalMinor, stored.TransactionCount, stored.InvoicedTotalMinor));
    }

    private static RecordTransaction Refund(LedgerFixture ledger, long customerId, long amount) => new()
    {
        CustomerId = customerId, Kind = TransactionKind.Refund, AmountMinor = amount, Currency = "CNY", Quantity = 1,
        OccurredAt = ledger.Clock.GetUtcNow().UtcDateTime,
    };

    [Fact]
    public async Task Duplicate_external_ref_is_already_exists()
    {
        await using var ledger = new LedgerFixture();
        await ledger.CreateCustomer("c-1");
        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.CreateCustomer("c-1", name: "Other"));
        Assert.Equal(LedgerErrorCode.AlreadyExists, error.Code);
        await using var db = ledger.Store.OpenRead();
        Assert.Equal(1, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task Audit_entries_record_actor_action_and_before_after()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1", name: "Old Name");
        await ledger.Writer.ExecuteAsync(
            new UpdateCustomer(customer.Id, new CustomerFields { Name = "New Name" }, ["name"]), "alice");

        var audit = await ledger.Reader.ListAuditAsync(customer.Id);
        Assert.Equal(["CreateCustomer", "UpdateCustomer"], audit.Select(a => a.Action));
        Assert.Equal("alice", audit[1].Actor);
        Assert.Contains("Old Name", audit[1].BeforeJson);
        Assert.Contains("New Name", audit[1].AfterJson);
        Assert.Null(audit[0].BeforeJson);
        Assert.Equal(ledger.Clock.GetUtcNow().UtcDateTime, audit[0].At);
    }

    [Fact]
    public async Task Recorded_transaction_audit_row_and_stored_row_match_what_the_caller_got()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        var occurred = new DateTime(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc).AddTicks(1_234_500);
        var recorded = await ledger.Writer.ExecuteAsync(new RecordTransaction
        {
            CustomerId = customer.Id, Kind = TransactionKind.Sale, AmountMinor = 1999, Currency = "CNY",
            Product = "小部件 \"quoted\" <b>", Quantity = 3, OccurredAt = occurred, IdempotencyKey = "k-审计",
        }, "王 alice");

        var audit = (await ledger.Reader.ListAuditAsync(customer.Id)).Single(a => a.Action == "RecordTransaction");
        Assert.Equal("王 alice", audit.Actor);
        Assert.Equal(nameof(Transaction), audit.EntityType);
        Assert.Equal(recorded.Id, audit.EntityId);
        Assert.Null(audit.BeforeJson);
        // The audit JSON is written as UTF-8 straight into the row; it must be what the serializer writes as a string.
        Assert.Equal(LedgerGrpc.Ledger.Internal.LedgerWriteSession.ToJson(recorded), audit.AfterJson);
        Assert.Contains("小部件", audit.AfterJson);

        await using var db = ledger.Store.OpenRead();
        var stored = await db.Transactions.SingleAsync();
        Assert.Equal(
            (recorded.Id, customer.Id, TransactionKind.Sale, 1999L, "CNY", "小部件 \"quoted\" <b>", 3, occurred.Ticks, ledger.Clock.GetUtcNow().UtcDateTime.Ticks, "k-审计"),
            (stored.Id, stored.CustomerId, stored.Kind, stored.AmountMinor, stored.Currency, stored.Product, stored.Quantity, stored.OccurredAt.Ticks, stored.RecordedAt.Ticks, stored.IdempotencyKey));
        var idempotency = await db.IdempotencyRecords.SingleAsync();
        Assert.Equal(("transaction", "k-审计", recorded.Id), (idempotency.Scope, idempotency.Key, idempotency.ResultId));
        var totals = await ledger.Reader.GetCustomerAsync(customer.Id);
        Assert.Equal((occurred, occurred), (totals.FirstPurchaseAt, totals.LastPurchaseAt));
    }

    [Fact]
    public async Task Commit_hook_runs_inside_the_transaction_and_sees_the_batch()
    {
        var hook = new RecordingHook();
        await using var ledger = new LedgerFixture(true, hook);
        var customer = await ledger.CreateCustomer("c-1");
        await ledger.Run(ledger.Sale(customer.Id, 42));

        Assert.Contains(customer.Id, hook.Affected);
        Assert.Contains("RecordTransaction", hook.Causes);
        // Inside the transaction the hook saw the uncommitted transaction row through ctx.Db.
        Assert.Contains(42L, hook.SeenAmounts);
        // And through ctx.Statements, the raw SQL a hook gets instead of the connection.
        Assert.Contains(42L, hook.SeenRawAmounts);
        Assert.Equal(hook.Before, hook.After);
    }

    [Fact]
    public async Task Failing_hook_rolls_back_the_whole_batch()
    {
        var hook = new RecordingHook { FailOn = "RecordTransaction" };
        await using var ledger = new LedgerFixture(true, hook);
        var customer = await ledger.CreateCustomer("c-1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.Run(ledger.Sale(customer.Id, 42)));
        Assert.Equal(0, (await ledger.Reader.GetCustomerAsync(customer.Id)).TransactionCount);
    }

    [Fact]
    public async Task Database_is_wal_and_full_sync_and_reopens_with_data()
    {
        string dataDir;
        long id;
        await using (var ledger = new LedgerFixture())
        {
            var customer = await ledger.CreateCustomer("c-1");
            id = customer.Id;
            await ledger.Run(ledger.Sale(id, 10));
            using var connection = ledger.Store.OpenWriterConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode; ";
            Assert.Equal("wal", command.ExecuteScalar());
            command.CommandText = "PRAGMA synchronous;";
            Assert.Equal(2L, command.ExecuteScalar()); // FULL
            dataDir = ledger.DataDir;

            // A second store on the same file (a restarted server) sees what was committed.
            var reopened = new LedgerReader(new LedgerStore(new LedgerOptions { DataDir = dataDir }), TimeProvider.System);
            Assert.Equal(1, (await reopened.GetCustomerAsync(id)).TransactionCount);
        }
    }

    [Fact]
    public async Task Without_group_commit_each_command_commits_alone_with_same_results()
    {
        await using var ledger = new LedgerFixture(groupCommit: false);
        var customer = await ledger.CreateCustomer("c-1");
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => ledger.Run(ledger.Sale(customer.Id, 2))));
        Assert.Equal(100, (await ledger.Reader.GetCustomerAsync(customer.Id)).SalesTotalMinor);
    }

    private sealed class RecordingHook : ILedgerCommitHook
    {
        public List<long> Affected { get; } = [];
        public List<string> Causes { get; } = [];
        public List<long> SeenAmounts { get; } = [];
        public List<long> SeenRawAmounts { get; } = [];
        public string? FailOn { get; init; }
        public int Before { get; private set; }
        public int After { get; private set; }

        public async Task BeforeCommitAsync(LedgerCommitContext ctx, CancellationToken ct)
        {
            Before++;
            Affected.AddRange(ctx.AffectedCustomerIds);
            Causes.Add(ctx.Cause);
            if (FailOn is not null && ctx.Cause.Contains(FailOn))
            {
                throw new InvalidOperationException("hook refused");
            }

            foreach (var id in ctx.AffectedCustomerIds)
            {
                SeenAmounts.AddRange(await ctx.Db.Transactions.Where(t => t.CustomerId == id).Select(t => t.AmountMinor).ToListAsync(ct));
                SeenRawAmounts.Add(ctx.Statements.ReadInt64($"SELECT SUM(AmountMinor) FROM transactions WHERE CustomerId = {id}"));
            }
        }

        public void AfterCommit(LedgerCommitContext ctx) => After++;
    }
}
