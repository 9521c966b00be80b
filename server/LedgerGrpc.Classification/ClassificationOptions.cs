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

    /// <summary>Customers a Validate, Preview or Publish dry run evaluates the draft's rules on (every k-th of the ledger).</summary>
    public int PublishSampleSize { get; set; } = 1000;

    /// <summary>Publishing is refused (unless forced) when a rule fails with an exception for more than this share of
    /// the sample: everyone it fails for would silently land in the default segment.</summary>
    public double PublishMaxErrorShare { get; set; } = 0.5;

    /// <summary>CPU time a whole workflow may take per customer in the dry run (its full result tree, which costs more
    /// than the allocation-free path the writer runs); publishing a costlier one is refused, naming the rule.</summary>
    public TimeSpan PublishCostBudget { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Keep a snapshot of the classification state next to the database (written after each sweep and at a
    /// clean stop) and start from it: a restart then reads one file and the customers changed since, instead of the
    /// whole ledger. A snapshot that does not match the database is never used (the full load runs instead).</summary>
    public bool Snapshot { get; set; } = true;

    /// <summary>On the first start after a seed or import (customers with no stored memberships), serve classification
    /// as soon as everyone is classified in memory and store the memberships and their history in the background,
    /// <see cref="StoreBehindStepCustomers"/> customers per transaction, ledger writes committing between steps. Off: the
    /// start stores everyone before serving.</summary>
    public bool StoreBehind { get; set; } = true;

    /// <summary>Customers per transaction of that background store. A step is ~18 rows per customer (9 memberships,
    /// 9 history rows), so 1,000 customers hold the ledger writer up for about a tenth of a second at most.</summary>
    public int StoreBehindStepCustomers { get; set; } = 1_000;

    /// <summary>A pause between steps of the background store, to leave the disk to other work (zero: none).</summary>
    public TimeSpan StoreBehindPause { get; set; } = TimeSpan.Zero;
}
