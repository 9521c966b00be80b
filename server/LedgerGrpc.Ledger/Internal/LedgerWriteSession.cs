using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// The writer's state for one command inside a batch: the open transaction, a DbContext on it,
/// the hot statements (<see cref="WriterStatements"/>, prepared once), the audit log and the
/// idempotency table.
/// </summary>
internal sealed class LedgerWriteSession(LedgerStore store, SqliteConnection connection, TimeProvider clock) : IDisposable
{
    // Relaxed escaping keeps Chinese text readable in the audit log.
    private static readonly AuditJsonContext AuditJson = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // Serialising into a Utf8JsonWriter escapes with the writer's encoder, not the options': keep them the same.
    private static readonly JsonWriterOptions AuditWriterOptions = new() { Encoder = AuditJson.Options.Encoder };

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly WriterStatements _statements = new(connection);

    // The audit row's after-JSON is written as UTF-8 into one reused buffer and bound from there.
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private Utf8JsonWriter? _jsonWriter;
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

        var select = _statements.SelectTotals;
        select.Bind(1, customerId);
        CustomerTotals totals;
        try
        {
            if (!select.Read())
            {
                throw LedgerException.NotFound("customer", customerId);
            }

            if (select.GetBoolean(0))
            {
                throw new LedgerException(LedgerErrorCode.FailedPrecondition, $"customer {customerId} is archived; record transactions on the customer it was merged into");
            }

            totals = new CustomerTotals
            {
                SalesTotalMinor = select.GetInt64(1),
                RefundTotalMinor = select.GetInt64(2),
                TransactionCount = select.GetInt64(3),
                FirstPurchaseAt = select.IsNull(4) ? null : select.GetDateTime(4),
                LastPurchaseAt = select.IsNull(5) ? null : select.GetDateTime(5),
            };
        }
        finally
        {
            select.Reset();
        }

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
                var update = _statements.UpdateTotals;
                update.Bind(1, customerId);
                update.Bind(2, t.SalesTotalMinor);
                update.Bind(3, t.RefundTotalMinor);
                update.Bind(4, t.TransactionCount);
                update.Bind(5, t.FirstPurchaseAt);
                update.Bind(6, t.LastPurchaseAt);
                update.Bind(7, Now);
                update.Execute();
            }
        }

        _totals.Clear();
    }

    /// <summary>Stores a new transaction row and sets its <see cref="Transaction.Id"/>.</summary>
    public void Insert(Transaction transaction)
    {
        var insert = _statements.InsertTransaction;
        insert.Bind(1, transaction.CustomerId);
        insert.Bind(2, (long)transaction.Kind);
        insert.Bind(3, transaction.AmountMinor);
        insert.Bind(4, transaction.Currency);
        insert.Bind(5, transaction.Product);
        insert.Bind(6, transaction.Quantity);
        insert.Bind(7, transaction.OccurredAt);
        insert.Bind(8, transaction.RecordedAt);
        insert.Bind(9, transaction.IdempotencyKey);
        insert.Execute();
        transaction.Id = LastInsertRowId;
    }

    /// <summary>A cached prepared statement bound to the current transaction, for the less frequent
    /// commands' SQL; parameters are $p0..$pN in order.</summary>
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

    public void Savepoint() => _statements.Savepoint.Execute();

    public void Release() => _statements.Release.Execute();

    /// <summary>Undoes the current command's writes only, and forgets what EF tracked for it.</summary>
    public void RollbackCommand()
    {
        _statements.RollbackTo.Execute();
        _statements.Release.Execute();
        _db?.ChangeTracker.Clear();
    }

    public void Changed(string command, long customerId, long entityId, Transaction? transaction = null) =>
        Changes.Add(new LedgerChange(command, customerId, entityId, transaction));

    public void Audit(string action, string entityType, long entityId, long? customerId, string? beforeJson, object? after)
    {
        var insert = _statements.InsertAudit;
        insert.Bind(1, Now);
        insert.Bind(2, Actor);
        insert.Bind(3, action);
        insert.Bind(4, entityType);
        insert.Bind(5, entityId);
        insert.Bind(6, customerId);
        insert.Bind(7, beforeJson);
        if (after is null)
        {
            insert.BindNull(8);
        }
        else
        {
            insert.BindUtf8(8, ToUtf8Json(after));
        }

        insert.Execute();
    }

    /// <summary>An audit row for an entity known by name (rare events, so plain EF rather than a prepared statement).</summary>
    public AuditEntry AuditNamed(string action, string entityType, string? entityKey, long entityId, long? customerId, string? beforeJson, string? afterJson)
    {
        var entry = new AuditEntry
        {
            At = Now,
            Actor = Actor,
            Action = action,
            EntityType = entityType,
            EntityKey = entityKey,
            EntityId = entityId,
            CustomerId = customerId,
            BeforeJson = beforeJson,
            AfterJson = afterJson,
        };
        Db.AuditEntries.Add(entry);
        Db.SaveChanges();
        Db.ChangeTracker.Clear();
        return entry;
    }

    public static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), AuditJson);

    /// <summary>What <see cref="ToJson"/> returns, as UTF-8 in a buffer reused by the next call.</summary>
    public ReadOnlySpan<byte> ToUtf8Json(object value)
    {
        _json.ResetWrittenCount();
        if (_jsonWriter is null)
        {
            _jsonWriter = new Utf8JsonWriter(_json, AuditWriterOptions);
        }
        else
        {
            _jsonWriter.Reset(_json);
        }

        JsonSerializer.Serialize(_jsonWriter, value, value.GetType(), AuditJson);
        _jsonWriter.Flush();
        return _json.WrittenSpan;
    }

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

        var select = _statements.SelectIdempotency;
        select.Bind(1, scope);
        select.Bind(2, key);
        try
        {
            if (!select.Read())
            {
                return null;
            }

            if (!string.Equals(select.GetString(0), fingerprint, StringComparison.Ordinal))
            {
                throw new LedgerException(LedgerErrorCode.AlreadyExists,
                    $"idempotency_key '{Quote.Short(key)}' was already used for a different {scope} request");
            }

            return select.GetInt64(1);
        }
        finally
        {
            select.Reset();
        }
    }

    public void RecordIdempotent(string scope, string? key, string fingerprint, long resultId)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        var insert = _statements.InsertIdempotency;
        insert.Bind(1, scope);
        insert.Bind(2, key);
        insert.Bind(3, fingerprint);
        insert.Bind(4, resultId);
        insert.Bind(5, Now);
        insert.Execute();
    }

    public static string Fingerprint(string canonical) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _statements.Dispose();
        _jsonWriter?.Dispose();
        _db?.Dispose();
    }
}
