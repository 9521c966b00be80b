using LedgerGrpc.Plugins;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>The host's side of <see cref="ClassificationResult"/>: one customer's assignments from one plugin call,
/// reused from batch to batch. The first assignment (the only one in a first-match dimension) is kept in the object
/// itself: a re-classification resets, fills and checks one of these per customer and plugin, and a list behind each
/// was a pointer chase and a clear per customer.</summary>
internal sealed class HostResult : ClassificationResult
{
    private bool _wantsReason;
    private (string Dimension, string Segment, string Reason) _first;
    private List<(string Dimension, string Segment, string Reason)>? _more;

    /// <summary>How many assignments the plugin made.</summary>
    public int Count { get; private set; }

    public (string Dimension, string Segment, string Reason) this[int index] => index == 0 ? _first : _more![index - 1];

    /// <summary>Every assignment, in order (Explain).</summary>
    public IEnumerable<(string Dimension, string Segment, string Reason)> Assigned
    {
        get
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }
    }

    /// <summary>Why the plugin's answer for this customer is not used (the customer gets the default segments); null
    /// when it is.</summary>
    public string? Failure { get; set; }

    public override bool WantsReason => _wantsReason;

    public override void Assign(string dimension, string segment, string reason = "")
    {
        var assignment = (dimension ?? "", segment ?? "", _wantsReason ? reason ?? "" : "");
        if (Count == 0) _first = assignment;
        else (_more ??= new List<(string, string, string)>(2)).Add(assignment);
        Count++;
    }

    public void Reset(bool wantsReason)
    {
        _wantsReason = wantsReason;
        // The previous customer's strings stay in _first until overwritten: strings do not hold a load context.
        Count = 0;
        _more?.Clear();
        Failure = null;
    }
}
