namespace LedgerGrpc.Classification;

/// <summary>Configuration section "Classification".</summary>
public sealed class ClassificationOptions
{
    /// <summary>How often the periodic sweep re-classifies everyone for time-driven changes; zero turns it off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Minor units per major unit of the ledger's currency (fen per yuan).</summary>
    public int MinorUnitsPerMajor { get; set; } = 100;

    /// <summary>Install the default workflows when the store holds none (first start).</summary>
    public bool InstallDefaultWorkflows { get; set; } = true;

    /// <summary>Customers a sweep (and the first start) stores per transaction, and start-up reads from the ledger per
    /// query; publishes store in one transaction.</summary>
    public int SweepChunkSize { get; set; } = 50_000;
}
