namespace LedgerGrpc.Plugins;

/// <summary>Where a plugin puts one customer's segments. The host owns and reuses it.</summary>
public abstract class ClassificationResult
{
    /// <summary>True when the host shows the reason to a person (Explain, plugin checks): build detailed reasons only
    /// then; during bulk classification reasons are not kept.</summary>
    public abstract bool WantsReason { get; }

    /// <summary>Puts the customer in <paramref name="segment"/> of <paramref name="dimension"/>. First-match
    /// dimensions take one segment (a second assignment is an error); multi-match dimensions take any number.</summary>
    /// <param name="dimension">A dimension key the plugin declared.</param>
    /// <param name="segment">A segment key declared for that dimension.</param>
    /// <param name="reason">A short reason for a person, e.g. "R5 F4 M5: bought 3 days ago, 40 orders".</param>
    public abstract void Assign(string dimension, string segment, string reason = "");
}
