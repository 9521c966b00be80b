using LedgerGrpc.Ledger.Commands;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger.Tests;

/// <summary>ListAuditEntries (filters, newest first, paging), AppendAudit, and append-only storage.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task Entries_come_newest_first_in_pages_and_filter_by_actor_action_entity_and_time()
    {
        await using var ledger = new LedgerFixture();
        var customer = await ledger.CreateCustomer("c-1");
        await ledger.Run(ledger.Sale(customer.Id, 100));
        ledger.Clock.Advance(TimeSpan.FromHours(1));
        var middle = ledger.Clock.GetUtcNow().UtcDateTime;
        await ledger.Writer.ExecuteAsync(new AppendAudit { Action = "PublishWorkflow", EntityType = "Workflow", EntityKey = "value_tier", DetailsJson = "{\"version\":2}" }, "key:ops");
        await ledger.Writer.ExecuteAsync(ledger.Sale(customer.Id, 200), "key:ingest (for alice)");
        ledger.Clock.Advance(TimeSpan.FromHours(1));
        await ledger.Writer.ExecuteAsync(new AppendAudit { Action = "Backup", EntityType = "Backup", EntityKey = "nightly.db" }, "key:admin");

        var all = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery());
        Assert.Equal(["Backup", "RecordTransaction", "PublishWorkflow", "RecordTransaction", "CreateCustomer"], all.Items.Select(e => e.Action));
        Assert.Equal("", all.NextPageToken);

        var first = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { PageSize = 2 });
        var second = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { PageSize = 2, PageToken = first.NextPageToken });
        var third = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { PageSize = 2, PageToken = second.NextPageToken });
        Assert.Equal(all.Items.Select(e => e.Id), first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Id));
        Assert.Equal("", third.NextPageToken);

        Assert.Equal(["PublishWorkflow"], (await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { Actor = "key:ops" })).Items.Select(e => e.Action));
        // A service acting for a person is found under either name.
        Assert.Single((await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { Actor = "alice" })).Items);
        Assert.Single((await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { Actor = "key:ingest" })).Items);
        Assert.Equal(2, (await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { Action = "RecordTransaction" })).Items.Count);
        var workflow = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { EntityType = "Workflow", Entity = "value_tier" });
        Assert.Equal("{\"version\":2}", Assert.Single(workflow.Items).AfterJson);
        Assert.Equal(["CreateCustomer"], (await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { EntityType = "Customer", Entity = customer.Id.ToString() })).Items.Select(e => e.Action));
        var window = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { From = middle, To = middle.AddMinutes(30) });
        Assert.Equal(["RecordTransaction", "PublishWorkflow"], window.Items.Select(e => e.Action));
    }

    [Theory]
    [InlineData(1001, "", "page_size must be between 0 and 1000")]
    [InlineData(-1, "", "page_size")]
    [InlineData(10, "abc", "page_token")]
    public async Task Bad_paging_is_invalid_argument(int pageSize, string token, string message)
    {
        await using var ledger = new LedgerFixture();
        var e = await Assert.ThrowsAsync<LedgerException>(() => ledger.Reader.ListAuditEntriesAsync(new AuditQuery { PageSize = pageSize, PageToken = token }));
        Assert.Equal(LedgerErrorCode.InvalidArgument, e.Code);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task A_time_range_that_ends_before_it_starts_is_invalid()
    {
        await using var ledger = new LedgerFixture();
        var now = ledger.Clock.GetUtcNow().UtcDateTime;
        var e = await Assert.ThrowsAsync<LedgerException>(() => ledger.Reader.ListAuditEntriesAsync(new AuditQuery { From = now, To = now.AddSeconds(-1) }));
        Assert.Contains("to must be after from", e.Message);
    }

    [Fact]
    public async Task Stored_entries_cannot_be_updated_or_deleted_even_with_sql()
    {
        await using var ledger = new LedgerFixture();
        await ledger.CreateCustomer("c-1");
        await using var connection = new SqliteConnection(ledger.Store.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_entries SET \"Actor\" = 'someone else'", "DELETE FROM audit_entries" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var e = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", e.Message);
        }

        Assert.Single((await ledger.Reader.ListAuditEntriesAsync(new AuditQuery())).Items);
    }

    [Fact]
    public async Task Api_keys_are_stored_as_hashes_with_unique_names_and_revocation_is_audited()
    {
        await using var ledger = new LedgerFixture();
        var hash = new byte[32];
        hash[0] = 7;
        var key = await ledger.Writer.ExecuteAsync(new CreateApiKey { KeyName = "ingest", KeyId = "0123456789ab", SecretHash = hash, Role = "service" }, "key:admin");
        var duplicate = await Assert.ThrowsAsync<LedgerException>(() =>
            ledger.Writer.ExecuteAsync(new CreateApiKey { KeyName = "ingest", KeyId = "ba9876543210", SecretHash = hash, Role = "sales" }, "key:admin"));
        Assert.Equal(LedgerErrorCode.AlreadyExists, duplicate.Code);
        var revoked = await ledger.Writer.ExecuteAsync(new RevokeApiKey("ingest"), "key:admin");
        var missing = await Assert.ThrowsAsync<LedgerException>(() => ledger.Writer.ExecuteAsync(new RevokeApiKey("nobody"), "key:admin"));

        Assert.Equal(LedgerErrorCode.NotFound, missing.Code);
        Assert.Equal(ledger.Clock.GetUtcNow().UtcDateTime, revoked.RevokedAt);
        var stored = Assert.Single(await ledger.Reader.ListApiKeysAsync());
        Assert.Equal(hash, stored.SecretHash);
        Assert.Equal("key:admin", stored.RevokedBy);
        var audit = await ledger.Reader.ListAuditEntriesAsync(new AuditQuery { EntityType = "ApiKey", Entity = "ingest" });
        Assert.Equal(["RevokeApiKey", "CreateApiKey"], audit.Items.Select(e => e.Action));
        Assert.All(audit.Items, e => Assert.DoesNotContain("ecret", e.AfterJson!));
        Assert.Equal(key.Id, audit.Items[1].EntityId);
    }

    [Theory]
    [InlineData("", "name is required")]
    [InlineData("has space", "may contain only")]
    [InlineData("ключ", "may contain only")]
    public async Task Bad_key_names_are_refused_before_queueing(string name, string message)
    {
        await using var ledger = new LedgerFixture();
        var e = Assert.Throws<LedgerException>(void () =>
            _ = ledger.Writer.ExecuteAsync(new CreateApiKey { KeyName = name, KeyId = "0123456789ab", SecretHash = new byte[32], Role = "service" }, "key:admin"));
        Assert.Contains(message, e.Message);
    }
}
