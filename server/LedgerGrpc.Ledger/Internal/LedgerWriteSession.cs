using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// The writer's state for one command inside a batch: the open transaction, a DbContext on it,
/// cached prepared statements for the hot paths, the audit log and the idempotency table.
/// </summary>
internal sealed class LedgerWriteSession(LedgerStore store, SqliteConnection connection, TimeProvider clock) : IDisposable
{
    // Relaxed escaping keeps Chinese text readable in the audit log.
    private static readonly AuditJsonContext AuditJson = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CustomerTotals> _totals = [];
    private LedgerDbContext? _db;
    private readonly Microsoft.EntityFrameworkCore.DbContextOptions<LedgerDbContext> _dbOptions = LedgerStore.OptionsOn(connection);

    public LedgerStore Store { get; } = store;

    public LedgerOptions Options => Store.Options;

    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; private set; } = null!;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The clock reading for this batch, so one batch has one time.</summary>
    public DateTime Now { get; private set; }

    public string Actor { get; set; } = "";

    public List<LedgerChange> Changes { get; } = [];

    /// <summary>The EF context bound to the current transaction (created on first use per batch).</summary>
    public LedgerDbContext Db => _db ??= LedgerStore.OpenOn(_dbOptions, Transaction);

    public void Begin()
    {
        Transaction = Connection.BeginTransaction(deferred: false);
        Now = Clock.GetUtcNow().UtcDateTime;
        Changes.Clear();
    }

    public void EndBatch()
    {
        _totals.Clear();
        _db?.Dispose();
        _db = null;
        Transaction.Dispose();
    }

    /// <summary>
    /// The purchase totals of an active customer, read on first use in the batch; NOT_FOUND for an
    /// unknown customer, FAILED_PRECONDITION for an archived one.
    /// </summary>
    public CustomerTotals PurchaseTotals(long customerId)
    {
        if (_totals.TryGetValue(customerId, out var cached))
        {
            return cached;
        }

        using var reader = Command(
            "SELECT \"Archived\", \"SalesTotalMinor\", \"RefundTotalMinor\", \"TransactionCount\", \"FirstPurchaseAt\", \"LastPurchaseAt\" FROM customers WHERE \"Id\" = $p0",
            customerId).ExecuteReader();
        if (!reader.Read())
        {
            throw LedgerException.NotFound("customer", customerId);
        }

        if (reader.GetBoolean(0))
        {
            throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {customerId} is archived; record transactions on the customer it was merged into");
        }

        var totals = new CustomerTotals
        {
            SalesTotalMinor = reader.GetInt64(1),
            RefundTotalMinor = reader.GetInt64(2),
            TransactionCount = reader.GetInt64(3),
            FirstPurchaseAt = reader.IsDBNull(4) ? null : DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc),
            LastPurchaseAt = reader.IsDBNull(5) ? null : DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
        };
        _totals[customerId] = totals;
        return totals;
    }

    /// <summary>
    /// Writes the batch's pending purchase totals and forgets them: before any command that reads
    /// customers through EF, before the commit hooks, and before commit.
    /// </summary>
    public void FlushTotals()
    {
        foreach (var (customerId, t) in _totals)
        {
            if (t.Dirty)
            {
                Execute(
                    "UPDATE customers SET \"SalesTotalMinor\" = $p1, \"RefundTotalMinor\" = $p2, \"TransactionCount\" = $p3, \"FirstPurchaseAt\" = $p4, \"LastPurchaseAt\" = $p5, \"UpdatedAt\" = $p6 WHERE \"Id\" = $p0",
                    customerId, t.SalesTotalMinor, t.RefundTotalMinor, t.TransactionCount, t.FirstPurchaseAt, t.LastPurchaseAt, Now);
            }
        }

        _totals.Clear();
    }

    /// <summary>A cached prepared statement bound to the current transaction; parameters are $p0..$pN in order.</summary>
    public SqliteCommand Command(string sql, params object?[] args)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < args.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            _prepared[sql] = command;
        }

        command.Transaction = Transaction;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i] ?? DBNull.Value;
        }

        return command;
    }

    public int Execute(string sql, params object?[] args) => Command(sql, args).ExecuteNonQuery();

    public object? Scalar(string sql, params object?[] args) => Command(sql, args).ExecuteScalar();

    /// <summary>The rowid of the last INSERT on the writer's connection (cheaper than RETURNING).</summary>
    public long LastInsertRowId => SQLitePCL.raw.sqlite3_last_insert_rowid(Connection.Handle);

    public void Savepoint() => Execute("SAVEPOINT cmd");

    public void Release() => Execute("RELEASE cmd");

    /// <summary>Undoes the current command's writes only, and forgets what EF tracked for it.</summary>
    public void RollbackCommand()
    {
        Execute("ROLLBACK TO cmd");
        Execute("RELEASE cmd");
        _db?.ChangeTracker.Clear();
    }

    public void Changed(string command, long customerId, long entityId, Transaction? transaction = null) =>
        Changes.Add(new LedgerChange(command, customerId, entityId, transaction));

    public void Audit(string action, string entityType, long entityId, long? customerId, string? beforeJson, object? after)
    {
        Execute(
            "INSERT INTO audit_entries (\"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"CustomerId\", \"BeforeJson\", \"AfterJson\") VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)",
            Now, Actor, action, entityType, entityId, customerId, beforeJson, ToJson(after));
    }

    public static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), AuditJson);

    /// <summary>
    /// The id recorded for (scope, key), or null when the key is new. The same key with a different
    /// fingerprint is ALREADY_EXISTS: the caller reused a key for another request.
    /// </summary>
    public long? FindIdempotent(string scope, string? key, string fingerprint)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        using var reader = Command(
            "SELECT \"Fingerprint\", \"ResultId\" FROM idempotency_records WHERE \"Scope\" = $p0 AND \"Key\" = $p1",
            scope, key).ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        if (!string.Equals(reader.GetString(0), fingerprint, StringComparison.Ordinal))
        {
            throw new LedgerException(LedgerErrorCode.AlreadyExists,
                $"idempotency_key '{key}' was already used for a different {scope} request");
        }

        return reader.GetInt64(1);
    }

    public void RecordIdempotent(string scope, string? key, string fingerprint, long resultId)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        Execute(
            "INSERT INTO idempotency_records (\"Scope\", \"Key\", \"Fingerprint\", \"ResultId\", \"CreatedAt\") VALUES ($p0, $p1, $p2, $p3, $p4)",
            scope, key, fingerprint, resultId, Now);
    }

    public static string Fingerprint(string canonical) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _db?.Dispose();
    }
}
