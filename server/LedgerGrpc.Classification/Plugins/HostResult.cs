using LedgerGrpc.Plugins;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>The host's side of <see cref="ClassificationResult"/>: one customer's assignments from one plugin call,
/// reused from batch to batch.</summary>
internal sealed class HostResult : ClassificationResult
{
    private bool _wantsReason;

    public List<(string Dimension, string Segment, string Reason)> Assigned { get; } = new(2);

    /// <summary>Why the plugin's answer for this customer is not used (the customer gets the default segments); null
    /// when it is.</summary>
    public string? Failure { get; set; }

    public override bool WantsReason => _wantsReason;

    public override void Assign(string dimension, string segment, string reason = "") =>
        Assigned.Add((dimension ?? "", segment ?? "", _wantsReason ? reason ?? "" : ""));

    public void Reset(bool wantsReason)
    {
        _wantsReason = wantsReason;
        Assigned.Clear();
        Failure = null;
    }
}
