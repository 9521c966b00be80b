using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>The audit screen's state: the filter in force, the page of entries shown (newest first, paged from the
/// server with ListAuditEntries), as rows and the selected entry's before/after.</summary>
public sealed class AuditModel
{
    private readonly List<AuditEntry> _page = [];

    public AuditFilter Filter { get; private set; } = AuditFilter.None;

    public PageCursor Cursor { get; } = new();

    public bool Loaded { get; private set; }

    /// <summary>A new filter starts again from the newest entries.</summary>
    public void SetFilter(AuditFilter filter)
    {
        Filter = filter;
        _page.Clear();
        Cursor.Reset();
        Loaded = false;
    }

    public void SetPage(ListAuditEntriesResponse response)
    {
        _page.Clear();
        _page.AddRange(response.Entries);
        Cursor.Loaded(response.NextPageToken);
        Loaded = true;
    }

    public AuditEntry? At(int row) => row >= 0 && row < _page.Count ? _page[row] : null;

    public string Title
    {
        get
        {
            var filter = Filter.ToString();
            return $"Audit · {(filter.Length == 0 ? "all entries" : filter)} · page {Cursor.Page + 1}{(Cursor.HasNext ? " · n: older" : "")}{(Cursor.HasPrevious ? " · p: newer" : "")}";
        }
    }

    public IReadOnlyList<string> Rows(int width)
    {
        if (_page.Count == 0)
        {
            return [!Loaded ? "loading…" : Filter == AuditFilter.None ? "the audit log is empty" : "no entries match the filter (/ changes it)"];
        }

        return [.. _page.Select(e => Row(e, width))];
    }

    /// <summary>"2026-12-06 23:12:04 key:ops (for alice) PublishWorkflow Workflow value_tier".</summary>
    public static string Row(AuditEntry e, int width)
    {
        var actorWidth = Math.Clamp(width / 4, 10, 28);
        return Format.Fit($"{Format.Time(e.At)} {Format.PadFit(e.Actor, actorWidth)} {Format.PadFit(e.Action, 20)} {Entity(e)}", width);
    }

    public static string Entity(AuditEntry e)
    {
        var id = e.EntityKey.Length > 0 ? e.EntityKey : e.EntityId != 0 ? e.EntityId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var entity = (e.EntityType + " " + id).Trim();
        return e.CustomerId != 0 && !(e.EntityType == "Customer" && e.EntityId == e.CustomerId) ? $"{entity} (customer #{e.CustomerId})" : entity;
    }

    /// <summary>The entry in full: who, what, when, and the entity before and after (JSON, wrapped to the width).</summary>
    public static IReadOnlyList<string> Details(AuditEntry e, int width)
    {
        var lines = new List<string> { Format.Fit($"#{e.Id} {Format.Time(e.At)} · {e.Actor} · {e.Action} · {Entity(e)}", width) };
        lines.AddRange(Json("before", e.BeforeJson, width));
        lines.AddRange(Json("after ", e.AfterJson, width));
        return lines;
    }

    private static IEnumerable<string> Json(string label, string json, int width)
    {
        if (json.Length == 0)
        {
            yield break;
        }

        var text = label + " " + json.ReplaceLineEndings(" ");
        var step = Math.Max(10, width);
        for (var start = 0; start < text.Length; start += step)
        {
            yield return text.Substring(start, Math.Min(step, text.Length - start));
        }
    }
}
