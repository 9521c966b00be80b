using LedgerGrpc.Classification.Storage;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Engine;

/// <summary>Operators' manual classification: overrides of computed segments (reason, author, optional expiry) and
/// the hierarchical classification tree (two digits per level: 01 → 0102 → 010203) with customers on its leaves.</summary>
public sealed class ManualClassification(ClassificationEngine engine)
{
    public async Task<ManualOverride> SetOverrideAsync(long customerId, string dimension, string segment, string reason, string author, DateTime? expiresAt, CancellationToken ct)
    {
        engine.GetCustomer(customerId);
        engine.GetDimension(dimension);
        if (string.IsNullOrWhiteSpace(segment)) throw Invalid("segment is required.");
        if (segment.Length > 100) throw Invalid("segment is longer than 100 characters.");
        if (string.IsNullOrWhiteSpace(reason)) throw Invalid("reason is required: say why the computed segment is wrong.");
        if (reason.Length > 1000) throw Invalid("reason is longer than 1000 characters.");
        if (expiresAt is { } e && e <= engine.Now) throw Invalid("expires_at must be in the future.");
        var manual = new ManualOverride(customerId, dimension, segment, reason, author, engine.Now, expiresAt);
        await engine.ApplyManualAsync(customerId, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO cls_overrides (CustomerId, Dimension, Segment, Reason, Author, CreatedAtUnixMs, ExpiresAtUnixMs)
                VALUES ($c, $d, $s, $r, $a, $t, $e)
                ON CONFLICT (CustomerId, Dimension) DO UPDATE SET Segment = $s, Reason = $r, Author = $a, CreatedAtUnixMs = $t, ExpiresAtUnixMs = $e
                """;
            command.Parameters.AddWithValue("$c", customerId);
            command.Parameters.AddWithValue("$d", dimension);
            command.Parameters.AddWithValue("$s", segment);
            command.Parameters.AddWithValue("$r", reason);
            command.Parameters.AddWithValue("$a", author);
            command.Parameters.AddWithValue("$t", UnixTime.ToMs(manual.CreatedAt));
            command.Parameters.AddWithValue("$e", expiresAt is { } x ? UnixTime.ToMs(x) : DBNull.Value);
            command.ExecuteNonQuery();
        }, () => engine.State.SetOverride(manual), ct);
        return manual;
    }

    public async Task ClearOverrideAsync(long customerId, string dimension, CancellationToken ct)
    {
        engine.GetCustomer(customerId);
        if (engine.State.OverrideFor(customerId, dimension) is null)
        {
            throw new ClassificationException(ClassificationError.NotFound, $"Customer {customerId} has no override in '{LedgerGrpc.Ledger.Quote.Short(dimension)}'.");
        }

        await engine.ApplyManualAsync(customerId, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM cls_overrides WHERE CustomerId = $c AND Dimension = $d";
            command.Parameters.AddWithValue("$c", customerId);
            command.Parameters.AddWithValue("$d", dimension);
            command.ExecuteNonQuery();
        }, () => engine.State.ClearOverride(customerId, dimension), ct);
    }

    /// <summary>
    /// Overrides in force (not expired), by customer then dimension, one page at a time: the token is the last
    /// (customer, dimension) of the previous page, so a page costs an index range read however many overrides exist.
    /// </summary>
    public async Task<(List<ManualOverride> Page, string NextPageToken)> ListOverridesAsync(string dimension, int pageSize, string pageToken, CancellationToken ct)
    {
        if (pageSize < 0 || pageSize > 1000) throw Invalid("page_size must be between 1 and 1000 (0 means 100).");
        var size = pageSize == 0 ? 100 : pageSize;
        var (afterCustomer, afterDimension) = ParseOverrideToken(pageToken);
        var now = UnixTime.ToMs(engine.Now);
        await using var db = new ClassificationDbContext(ClassificationDbContextOptions.Create(engine.ConnectionString));
        var rows = await db.Overrides.AsNoTracking()
            .Where(o => o.CustomerId > afterCustomer || (o.CustomerId == afterCustomer && string.Compare(o.Dimension, afterDimension) > 0))
            .Where(o => dimension == "" || o.Dimension == dimension)
            .Where(o => o.ExpiresAtUnixMs == null || o.ExpiresAtUnixMs > now)
            .OrderBy(o => o.CustomerId).ThenBy(o => o.Dimension)
            .Take(size + 1)
            .ToListAsync(ct);
        var page = rows.Take(size)
            .Select(o => new ManualOverride(o.CustomerId, o.Dimension, o.Segment, o.Reason, o.Author, UnixTime.FromMs(o.CreatedAtUnixMs), o.ExpiresAtUnixMs is { } e ? UnixTime.FromMs(e) : null))
            .ToList();
        var next = rows.Count > size ? $"{page[^1].CustomerId}:{page[^1].Dimension}" : "";
        return (page, next);
    }

    private static (long Customer, string Dimension) ParseOverrideToken(string token)
    {
        if (token.Length == 0)
        {
            return (0, "");
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(token.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var customer))
        {
            throw Invalid($"page_token '{token}' is not one this server gave out; start again with an empty token.");
        }

        return (customer, token[(colon + 1)..]);
    }

    public async Task<CategoryRecord> UpsertCategoryAsync(string code, string name, CancellationToken ct)
    {
        if (code.Length == 0 || code.Length % 2 != 0 || code.Length > 20 || !code.All(char.IsAsciiDigit))
        {
            throw Invalid($"code '{LedgerGrpc.Ledger.Quote.Short(code)}' must be digits, two per level (e.g. 01, 0102, 010203), at most 10 levels.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) throw Invalid("name is required and at most 200 characters.");
        await using var db = new ClassificationDbContext(ClassificationDbContextOptions.Create(engine.ConnectionString));
        if (code.Length > 2 && await db.Categories.FindAsync([code[..^2]], ct) is null)
        {
            throw new ClassificationException(ClassificationError.FailedPrecondition, $"Parent category '{code[..^2]}' does not exist; create it first.");
        }

        var record = await db.Categories.FindAsync([code], ct);
        if (record is null) db.Categories.Add(record = new CategoryRecord { Code = code, Name = name });
        else record.Name = name;
        await db.SaveChangesAsync(ct);
        return record;
    }

    public async Task<List<CategoryRecord>> ListCategoriesAsync(CancellationToken ct)
    {
        await using var db = new ClassificationDbContext(ClassificationDbContextOptions.Create(engine.ConnectionString));
        return [.. (await db.Categories.ToListAsync(ct)).OrderBy(c => c.Code, StringComparer.Ordinal)];
    }

    /// <summary>Assigns the customer to a leaf of the tree (empty code: removes the assignment).</summary>
    public async Task AssignCategoryAsync(long customerId, string code, CancellationToken ct)
    {
        engine.GetCustomer(customerId);
        await using var db = new ClassificationDbContext(ClassificationDbContextOptions.Create(engine.ConnectionString));
        var categories = await db.Categories.ToListAsync(ct);
        if (code.Length > 0)
        {
            if (!categories.Exists(c => c.Code == code)) throw new ClassificationException(ClassificationError.NotFound, $"Category '{LedgerGrpc.Ledger.Quote.Short(code)}' does not exist.");
            if (categories.Exists(c => c.Code.Length > code.Length && c.Code.StartsWith(code, StringComparison.Ordinal)))
            {
                throw new ClassificationException(ClassificationError.FailedPrecondition, $"Category '{LedgerGrpc.Ledger.Quote.Short(code)}' has sub-categories; assign customers to a leaf.");
            }
        }

        var existing = await db.CustomerCategories.FindAsync([customerId], ct);
        if (existing is not null) db.CustomerCategories.Remove(existing);
        if (code.Length > 0) db.CustomerCategories.Add(new CustomerCategoryRecord { CustomerId = customerId, Code = code });
        await db.SaveChangesAsync(ct);
        engine.State.SetCategory(customerId, code);
    }

    private static ClassificationException Invalid(string message) => new(ClassificationError.InvalidArgument, message);
}
