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

    /// <summary>Most commands applied in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 2048;

    public string DatabasePath => Path.Combine(DataDir, "ledger.db");
}
