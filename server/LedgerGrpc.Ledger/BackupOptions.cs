namespace LedgerGrpc.Ledger;

/// <summary>Where the Backup RPC writes and how much it may keep ("Ledger:Backups").</summary>
public sealed class BackupOptions
{
    /// <summary>The only folder the RPC writes to; empty: &lt;data-dir&gt;/backups.</summary>
    public string Folder { get; set; } = "";

    /// <summary>Most backup files kept in the folder; a backup beyond it is RESOURCE_EXHAUSTED (0: no limit).</summary>
    public int MaxCount { get; set; } = 20;

    /// <summary>Most bytes the folder may hold including the new backup (0: no limit). A 1M-customer backup is ~850 MB.</summary>
    public long MaxBytes { get; set; } = 20L * 1024 * 1024 * 1024;
}
