using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Storage;

/// <summary>Every version of every workflow, append-only. The newest version of a name is current unless it is a
/// delete marker. Appends check the caller's expected version (optimistic concurrency).</summary>
public sealed class WorkflowStore(Func<ClassificationDbContext> contexts, TimeProvider time)
{
    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var db = contexts();
        return !await db.WorkflowVersions.AnyAsync(ct);
    }

    /// <summary>The current version of every workflow that is not deleted.</summary>
    public async Task<List<WorkflowVersionRecord>> CurrentAsync(CancellationToken ct)
    {
        await using var db = contexts();
        var all = await db.WorkflowVersions.AsNoTracking().ToListAsync(ct);
        return [.. all.GroupBy(v => v.Name)
            .Select(g => g.MaxBy(v => v.Version)!)
            .Where(v => v.Action != "delete")
            .OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    public async Task<WorkflowVersionRecord?> GetAsync(string name, int version, CancellationToken ct)
    {
        await using var db = contexts();
        var query = db.WorkflowVersions.AsNoTracking().Where(v => v.Name == name);
        return version > 0
            ? await query.FirstOrDefaultAsync(v => v.Version == version, ct)
            : await query.OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
    }

    public async Task<List<WorkflowVersionRecord>> VersionsAsync(string name, CancellationToken ct)
    {
        await using var db = contexts();
        return await db.WorkflowVersions.AsNoTracking().Where(v => v.Name == name).OrderByDescending(v => v.Version).ToListAsync(ct);
    }

    /// <summary>Stores a new version. <paramref name="expectedVersion"/> is the version the author started from
    /// (0 for a new workflow, or to skip the check when null); anything else current → Aborted.</summary>
    public async Task<WorkflowVersionRecord> AppendAsync(string name, string json, string comment, string author, string action, int? expectedVersion, CancellationToken ct)
    {
        await using var db = contexts();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var latest = await db.WorkflowVersions.Where(v => v.Name == name).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        var current = latest is null || latest.Action == "delete" ? 0 : latest.Version;
        if (expectedVersion is { } expected && expected != current)
        {
            throw new ClassificationException(ClassificationError.Aborted,
                $"Workflow '{LedgerGrpc.Ledger.Quote.Short(name)}' is at version {current}, not {expected}: someone published in between. Reload it, reapply your edit and publish again.");
        }

        var record = new WorkflowVersionRecord
        {
            Name = name,
            Version = (latest?.Version ?? 0) + 1,
            Json = json,
            Comment = comment,
            Author = author,
            Action = action,
            CreatedAtUnixMs = UnixTime.ToMs(time.GetUtcNow().UtcDateTime),
        };
        db.WorkflowVersions.Add(record);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return record;
    }
}
