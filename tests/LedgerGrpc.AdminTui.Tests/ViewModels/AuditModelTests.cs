using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class AuditModelTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 23, 12, 4, TimeSpan.Zero);

    private static AuditEntry Entry(long id, string actor, string action, string type, long entityId = 0, string key = "", long customer = 0) => new()
    {
        Id = id, At = Timestamp.FromDateTimeOffset(At), Actor = actor, Action = action, EntityType = type, EntityId = entityId, EntityKey = key, CustomerId = customer,
    };

    [Fact]
    public void Rows_name_the_time_actor_action_and_entity_and_fit_the_width()
    {
        var model = new AuditModel();
        Assert.Equal(["loading…"], model.Rows(80));
        model.SetPage(new ListAuditEntriesResponse
        {
            Entries =
            {
                Entry(3, "key:ops (for alice)", "PublishWorkflow", "Workflow", key: "value_tier"),
                Entry(2, "admin:bob", "SetOverride", "Override", key: "value_tier", customer: 42),
                Entry(1, "key:ingest", "RecordTransaction", "Customer", entityId: 42, customer: 42),
            },
            NextPageToken = "1",
        });

        var rows = model.Rows(120);
        Assert.Matches(@"^2026-12-06 23:12:04 key:ops \(for alice\)\s+PublishWorkflow\s+Workflow value_tier$", rows[0]);
        Assert.EndsWith("Override value_tier (customer #42)", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("RecordTransaction    Customer 42", rows[2], StringComparison.Ordinal);
        Assert.All(model.Rows(60), r => Assert.True(r.Length <= 60, r));
        Assert.Equal("Audit · all entries · page 1 · n: older", model.Title);
    }

    [Fact]
    public void A_new_filter_starts_from_the_newest_page_and_an_empty_answer_says_why()
    {
        var model = new AuditModel();
        model.SetPage(new ListAuditEntriesResponse { Entries = { Entry(9, "a", "b", "c") }, NextPageToken = "9" });
        Assert.True(model.Cursor.MoveNext());
        model.SetFilter(AuditFilter.Parse("actor:key:x", DateTimeOffset.UtcNow).Filter!);
        Assert.Equal(0, model.Cursor.Page);
        Assert.Equal("", model.Cursor.Token);
        Assert.Equal(["loading…"], model.Rows(80));
        model.SetPage(new ListAuditEntriesResponse());
        Assert.Equal(["no entries match the filter (/ changes it)"], model.Rows(80));
        Assert.Equal("Audit · actor:key:x · page 1", model.Title);
        model.SetFilter(AuditFilter.None);
        model.SetPage(new ListAuditEntriesResponse());
        Assert.Equal(["the audit log is empty"], model.Rows(80));
    }

    [Fact]
    public void Details_show_the_entry_and_its_before_and_after_wrapped()
    {
        var entry = Entry(5, "admin:bob", "UpdateCustomer", "Customer", entityId: 7, customer: 7);
        entry.BeforeJson = "{\"name\":\"Old\"}";
        entry.AfterJson = "{\"name\":\"New name that is long enough to wrap at thirty\"}";
        var lines = AuditModel.Details(entry, 30);
        Assert.Equal("#5 2026-12-06 23:12:04 · admi…", lines[0]);
        Assert.Equal("before {\"name\":\"Old\"}", lines[1]);
        Assert.StartsWith("after  {\"name\":\"New", lines[2], StringComparison.Ordinal);
        Assert.True(lines.Count >= 4);
        Assert.All(lines, l => Assert.True(l.Length <= 30, l));
        Assert.Equal(string.Concat(lines.Skip(2)), "after  " + entry.AfterJson);
    }
}
