using System.Collections.Concurrent;
using System.Text.Json;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// Refused calls (no or bad credentials, a role without the permission, over a rate limit) counted
/// in memory and written to the audit log as ONE "RefusedCalls" entry per interval, so a flood of bad
/// calls costs a counter increment each and cannot fill the disk. At most <see cref="MaxDistinct"/>
/// distinct (kind, caller, rpc) rows per interval; the rest are counted under "(other)".
/// </summary>
public sealed class RefusedCallLog(LedgerWriter writer)
{
    public const int MaxDistinct = 50;
    public const string Action = "RefusedCalls";
    public const string Actor = "ledgergrpc";

    private ConcurrentDictionary<(string Kind, string Caller, string Rpc), int> _counts = new();

    public void Record(string kind, string caller, string rpc)
    {
        AccessTelemetry.CallsRefused.Add(1, new KeyValuePair<string, object?>("reason", kind));
        var counts = _counts;
        // Caller hints and paths come from the request: bounded so the summary stays small.
        var key = (kind, Quote.Short(caller, 60), Quote.Short(rpc, 80));
        if (!counts.ContainsKey(key) && counts.Count >= MaxDistinct)
        {
            key = (kind, "(other)", "(other)");
        }

        counts.AddOrUpdate(key, 1, static (_, n) => n + 1);
    }

    /// <summary>Writes what was counted since the last flush as one audit entry (none when nothing was refused).</summary>
    public async Task FlushAsync()
    {
        var counts = Interlocked.Exchange(ref _counts, new());
        if (counts.IsEmpty)
        {
            return;
        }

        var rows = counts.OrderByDescending(c => c.Value).Select(c => new Dictionary<string, string>
        {
            ["kind"] = c.Key.Kind,
            ["caller"] = c.Key.Caller,
            ["rpc"] = c.Key.Rpc,
            ["count"] = c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        await writer.ExecuteAsync(new AppendAudit
        {
            Action = Action,
            EntityType = "Server",
            EntityKey = "calls",
            EntityId = counts.Values.Sum(),
            DetailsJson = JsonSerializer.Serialize(rows, AccessJsonContext.Default.ListDictionaryStringString),
        }, Actor).ConfigureAwait(false);
    }
}
