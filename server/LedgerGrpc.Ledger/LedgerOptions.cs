namespace LedgerGrpc.Ledger;

/// <summary>Ledger settings, bound from the "Ledger" configuration section.</summary>
public sealed class LedgerOptions
{
    /// <summary>Folder holding ledger.db (and backups/).</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>The one currency every amount is in (ISO 4217).</summary>
    public string Currency { get; set; } = "CNY";

    /// <summary>
    /// True: the writer batches queued commands into one transaction (one fsync per batch).
    /// False: each command commits on its own (the benchmark's baseline).
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>
    /// The largest amount one transaction, invoice or payment may carry, in minor units (default 10^12 fen, ten billion
    /// yuan). A larger amount is INVALID_ARGUMENT: it is far more likely a unit mix-up or a corrupted value than a real
    /// sale, and a few of them would otherwise push a customer's running totals towards the int64 limit.
    /// </summary>
    public long MaxAmountMinor { get; set; } = DefaultMaxAmountMinor;

    public const long DefaultMaxAmountMinor = 1_000_000_000_000;

    /// <summary>Most commands applied in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 2048;

    public BackupOptions Backups { get; set; } = new();

    public string DatabasePath => Path.Combine(DataDir, "ledger.db");

    public string BackupFolder => Path.GetFullPath(Backups.Folder.Length > 0 ? Backups.Folder : Path.Combine(DataDir, "backups"));
}
