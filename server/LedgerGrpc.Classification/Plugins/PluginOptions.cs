namespace LedgerGrpc.Classification.Plugins;

/// <summary>Configuration section "Plugins".</summary>
public sealed class PluginOptions
{
    /// <summary>The plugins folder: one sub-folder per plugin, holding its build output with the main assembly named
    /// after the folder (<c>plugins/Rfm/Rfm.dll</c>). Empty means <c>&lt;data-dir&gt;/plugins</c>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Load only plugins whose files' SHA-256 an admin approved (ApprovePlugin). Plugins run in-process with
    /// full trust. Null means on, except in the Development environment.</summary>
    public bool? RequireApproval { get; set; }

    /// <summary>Watch the folder and load, reload or retire plugins as their files change.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the folder must be quiet after a change before it is read (a copy in progress is not loaded
    /// half-way).</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Budget of one classification call (one customer, or one batch of a write or re-classification). A call
    /// over it is abandoned, its customers keep their segments, and the plugin is quarantined.</summary>
    public TimeSpan CallBudget { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Budget of the population step (the whole ledger at once).</summary>
    public TimeSpan PopulationBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Customers classified in the dry run a plugin must pass before it goes live.</summary>
    public int DryRunCustomers { get; set; } = 1000;

    /// <summary>Share of failed customers over which a plugin is quarantined (checked every
    /// <see cref="ErrorWindow"/> customers).</summary>
    public double MaxErrorRate { get; set; } = 0.05;

    /// <summary>Customers per error-rate window.</summary>
    public int ErrorWindow { get; set; } = 200;

    /// <summary>Managed memory one call may allocate per customer classified before the plugin is quarantined.</summary>
    public long MaxBytesPerCustomer { get; set; } = 1 << 20;
}
