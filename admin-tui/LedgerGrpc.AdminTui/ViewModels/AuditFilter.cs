using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// The audit screen's filter as the operator types it after `/` (or after `:audit`): space-separated terms
/// <c>actor:key:ingest action:PublishWorkflow entity:Customer/123 type:Workflow since:2h from:2026-12-06 to:2026-12-07T08:00</c>.
/// A term without a known name is an actor (actors look like <c>key:ingest</c> or <c>admin:alice</c>). Times are UTC; <c>since:</c> takes minutes (m), hours (h) or days (d) before now.
/// </summary>
public sealed record AuditFilter(string Actor, string Action, string EntityType, string Entity, DateTimeOffset? From, DateTimeOffset? To)
{
    public static readonly AuditFilter None = new("", "", "", "", null, null);

    private static readonly string[] TimeFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];

    /// <summary>The filter, or an error naming the term that could not be read (the filter in force then stays).</summary>
    public static (AuditFilter? Filter, string Error) Parse(string text, DateTimeOffset now)
    {
        var filter = None;
        foreach (var term in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = term.IndexOf(':');
            var (name, value) = colon < 0 ? ("actor", term) : (term[..colon].ToLowerInvariant(), term[(colon + 1)..]);

            if (value.Length == 0)
            {
                return (null, $"'{term}' has no value: e.g. {name}:…");
            }

            switch (name)
            {
                case "actor":
                    filter = filter with { Actor = value };
                    break;
                case "action":
                    filter = filter with { Action = value };
                    break;
                case "type":
                    filter = filter with { EntityType = value };
                    break;
                case "entity":
                    var slash = value.IndexOf('/');
                    filter = slash < 0 ? filter with { Entity = value } : filter with { EntityType = value[..slash], Entity = value[(slash + 1)..] };
                    break;
                case "since":
                    if (!TryDuration(value, out var ago))
                    {
                        return (null, $"'{term}': since takes minutes, hours or days, e.g. since:30m, since:2h, since:7d");
                    }

                    filter = filter with { From = now - ago };
                    break;
                case "from" or "to":
                    if (!DateTimeOffset.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                    {
                        return (null, $"'{term}': {name} takes a UTC time like 2026-12-06 or 2026-12-06T08:00");
                    }

                    filter = name == "from" ? filter with { From = at } : filter with { To = at };
                    break;
                default:
                    // Not a filter name: the whole term is an actor ("key:ingest").
                    filter = filter with { Actor = term };
                    break;
            }
        }

        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            return (null, "to: must be after from: (or since:)");
        }

        return (filter, "");
    }

    public ListAuditEntriesRequest ToRequest(int pageSize, string pageToken)
    {
        var request = new ListAuditEntriesRequest { Actor = Actor, Action = Action, EntityType = EntityType, Entity = Entity, PageSize = pageSize, PageToken = pageToken };
        if (From is { } from)
        {
            request.From = Timestamp.FromDateTimeOffset(from);
        }

        if (To is { } to)
        {
            request.To = Timestamp.FromDateTimeOffset(to);
        }

        return request;
    }

    /// <summary>The filter as it would be typed (what `/` starts from).</summary>
    public override string ToString() => string.Join(' ', new[]
    {
        Actor.Length > 0 ? "actor:" + Actor : "",
        Action.Length > 0 ? "action:" + Action : "",
        EntityType.Length > 0 && Entity.Length > 0 ? $"entity:{EntityType}/{Entity}" : EntityType.Length > 0 ? "type:" + EntityType : Entity.Length > 0 ? "entity:" + Entity : "",
        From is { } from ? "from:" + from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : "",
        To is { } to ? "to:" + to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : "",
    }.Where(t => t.Length > 0));

    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        duration = char.ToLowerInvariant(text[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }
}
